/// Picks the analyses a question needs from its words, with no model.
///
/// Specific words win: "tempo" selects rhythm only, "frequency" spectral only, "LUFS" loudness, "key" tonal.
/// A phrase outranks the words inside it: "how loud" is a loudness question and "pitch centre" a tonal one,
/// so "loud" and "pitch" do not add temporal or spectral beside them. Generic questions ("describe",
/// "tell me about", "overview", or any question with no specific word) select the overview analyses
/// (spectral, temporal, rhythm), but only when no specific word matched — except "everything", "fully" and
/// "in full", which always add the overview to what was asked.
public struct ToolSelector: Sendable {
    /// A keyword: a whole word, a word prefix (written `stem*`) or a phrase of consecutive words.
    private struct Keyword: Sendable {
        let words: [String]
        let isPrefix: Bool

        init(_ text: String) {
            isPrefix = text.hasSuffix("*")
            words = text.filter { $0 != "*" }.split(separator: " ").map(String.init)
        }

        /// Longer phrases first, then whole words before prefixes: the order in which keywords claim words.
        var precedence: Int { words.count * 2 + (isPrefix ? 0 : 1) }

        /// The start of every match among the words not yet claimed.
        func matches(_ tokens: [String], claimed: [Bool]) -> [Int] {
            guard tokens.count >= words.count else { return [] }
            return (0...(tokens.count - words.count)).filter { matches(tokens, claimed: claimed, at: $0) }
        }

        private func matches(_ tokens: [String], claimed: [Bool], at start: Int) -> Bool {
            for (offset, word) in words.enumerated() {
                let token = tokens[start + offset]
                let isLast = offset == words.count - 1
                if claimed[start + offset] { return false }
                if isPrefix && isLast ? !token.hasPrefix(word) : token != word { return false }
            }
            return true
        }
    }

    private static let specific: [(AnalysisKind, [Keyword])] = [
        (.rhythm, [
            "tempo*", "bpm", "beat*", "rhythm*", "groove*", "groovy", "swing*", "swung", "shuffle*",
            "time signature*", "meter", "metre", "pickup*", "pick up", "upbeat*", "downbeat*", "pulse",
            "syncopat*", "timing", "steadiness", "onset*",
        ].map(Keyword.init)),
        (.spectral, [
            "frequenc*", "pitch*", "tone", "tones", "tonal", "note", "notes", "timbre*", "bright*", "spectr*",
            "mfcc*", "noisy", "noise", "hz", "hertz", "khz", "harmonic*", "overtone*", "centroid", "rolloff",
            "bandwidth", "flatness", "bass", "treble",
        ].map(Keyword.init)),
        (.temporal, [
            "duration", "length", "long", "seconds", "volume", "loud*", "dynamic*", "silence", "silent",
            "quiet*", "any sound", "audible", "fade*", "peak*", "amplitude", "envelope", "rms", "energy",
            "attack", "zero crossing*",
        ].map(Keyword.init)),
        (.loudness, [
            "lufs", "lu", "lkfs", "dbtp", "ebu", "r128", "bs 1770", "how loud", "loudness level*", "loudness range",
            "integrated loudness", "perceived loudness", "loudness war*", "loudness target*", "loudness standard*",
            "loud enough", "too loud", "louder than", "master*", "normali*", "true peak*", "headroom",
            // "clip" alone is also "an audio clip": only its verb forms and question phrasings count.
            "clipping", "clipped", "will it clip", "will this clip", "does it clip", "would it clip", "clip after",
            "clip once", "clip when",
            "streaming level*", "streaming target*", "spotify", "youtube", "broadcast*", "short term loudness",
            "momentary loudness",
        ].map(Keyword.init)),
        (.tonal, [
            "key", "keys", "what key", "musical key", "key signature*", "scale*", "chord*", "harmony", "harmonies",
            "major", "minor", "mode", "tonality", "tonic", "tonal centre", "tonal center", "pitch centre",
            "pitch center", "pitch class*", "chroma*", "tuning", "tuned", "in tune", "out of tune", "detuned",
            "a440", "a 440", "concert pitch", "cents", "modulat*", "transpos*",
        ].map(Keyword.init)),
    ]

    /// Every keyword with its kind, in the order they claim words.
    private static let ranked: [(kind: AnalysisKind, keyword: Keyword)] = specific
        .flatMap { kind, keywords in keywords.map { (kind: kind, keyword: $0) } }
        .sorted { $0.keyword.precedence > $1.keyword.precedence }

    /// Words that ask for the whole analysis even next to specific words.
    private static let everything = ["everything", "fully", "in full", "full analysis", "complete analysis"]
        .map(Keyword.init)

    /// Makes a selector.
    public init() {}

    /// The analyses a question needs.
    /// - Parameter question: the person's question, any language case.
    /// - Returns: a non-empty set of kinds.
    public func select(for question: String) -> Set<AnalysisKind> {
        let tokens = Self.tokens(of: question)
        var claimed = [Bool](repeating: false, count: tokens.count)
        var selected = Set<AnalysisKind>()
        for (kind, keyword) in Self.ranked {
            for start in keyword.matches(tokens, claimed: claimed) {
                selected.insert(kind)
                for i in start..<(start + keyword.words.count) { claimed[i] = true }
            }
        }
        if Self.mentionsTimeSignature(question) { selected.insert(.rhythm) }
        let wantsEverything = Self.everything.contains { !$0.matches(tokens, claimed: claimed).isEmpty }
        // Nothing specific: an open or generic question ("describe", "overview", "what can you say") gets the overview.
        return selected.isEmpty || wantsEverything ? selected.union(AnalysisKind.overview) : selected
    }

    /// Lower-cased words of letters and digits; everything else separates words.
    private static func tokens(of text: String) -> [String] {
        text.lowercased()
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            .map(String.init)
    }

    /// "3/4", "6/8": a written time signature.
    private static func mentionsTimeSignature(_ text: String) -> Bool {
        let characters = Array(text)
        for index in characters.indices.dropFirst().dropLast() where characters[index] == "/" {
            if characters[index - 1].isNumber && characters[index + 1].isNumber { return true }
        }
        return false
    }
}
