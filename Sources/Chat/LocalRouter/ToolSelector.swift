/// Picks the analyses a question needs from its words, with no model.
///
/// Specific words win: "tempo" selects rhythm only, "frequency" spectral only. Generic questions ("describe",
/// "tell me about", "overview", or any question with no specific word) select all three, but only when no
/// specific word matched — except "everything", "fully" and "in full", which always select all three.
public struct ToolSelector: Sendable {
    /// A keyword: a whole word, a word prefix (written `stem*`) or a phrase of consecutive words.
    private struct Keyword: Sendable {
        let words: [String]
        let isPrefix: Bool

        init(_ text: String) {
            isPrefix = text.hasSuffix("*")
            words = text.filter { $0 != "*" }.split(separator: " ").map(String.init)
        }

        func matches(_ tokens: [String]) -> Bool {
            guard tokens.count >= words.count else { return false }
            for start in 0...(tokens.count - words.count) where matches(tokens, at: start) { return true }
            return false
        }

        private func matches(_ tokens: [String], at start: Int) -> Bool {
            for (offset, word) in words.enumerated() {
                let token = tokens[start + offset]
                let isLast = offset == words.count - 1
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
            "frequenc*", "pitch*", "tone", "tones", "tonal*", "note", "notes", "timbre*", "bright*", "spectr*",
            "mfcc*", "noisy", "noise", "hz", "hertz", "khz", "harmonic*", "overtone*", "centroid", "rolloff",
            "bandwidth", "flatness", "bass", "treble",
        ].map(Keyword.init)),
        (.temporal, [
            "duration", "length", "long", "seconds", "volume", "loud*", "dynamic*", "silence", "silent",
            "quiet*", "any sound", "audible", "fade*", "peak*", "amplitude", "envelope", "rms", "energy",
            "attack", "clipping", "zero crossing*",
        ].map(Keyword.init)),
    ]

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
        if Self.everything.contains(where: { $0.matches(tokens) }) { return Set(AnalysisKind.allCases) }
        var selected = Set<AnalysisKind>()
        for (kind, keywords) in Self.specific where keywords.contains(where: { $0.matches(tokens) }) {
            selected.insert(kind)
        }
        if Self.mentionsTimeSignature(question) { selected.insert(.rhythm) }
        // Nothing specific: an open or generic question ("describe", "overview", "what can you say") gets all.
        return selected.isEmpty ? Set(AnalysisKind.allCases) : selected
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
