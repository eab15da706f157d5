/// Picks the analyses a question needs from its words, with no model.
///
/// The words are read against the tables in `ToolSelector+Vocabulary.swift`:
/// - Specific words win: "tempo" selects rhythm only, "frequency" spectral only, "LUFS" loudness, "key" tonal.
/// - A phrase outranks the words inside it: "how loud" is a loudness question and "pitch centre" a tonal one,
///   so "loud" and "pitch" do not add temporal or spectral beside them. A neutral phrase ("key features",
///   "high level") claims its words and selects nothing, so a collision reads as the everyday phrase.
/// - An ambiguous everyday word ("fast", "pitch", "loudness", "level") selects its usual analysis only when
///   its clause names no specific word of a rival analysis: "how fast does it fade" is about the fade, "how
///   fast is it, and how long" asks for both. A modifier ("high", "low", "start", "end") selects only when
///   nothing else in its clause does: "how high is the voice" is a pitch, "how high is the volume" is not.
/// - Generic questions ("describe", "tell me about", "this track", "summarise") select the overview analyses
///   (spectral, temporal, rhythm), but only when nothing else was selected — except "everything", "fully" and
///   "in full", which always add the overview to what was asked.
/// - A question with no word from the tables selects nothing: the router then says what it can answer
///   rather than guessing with every analysis.
public struct ToolSelector: Sendable {
    /// A keyword: a whole word, a word prefix (written `stem*`) or a phrase of consecutive words.
    struct Keyword: Sendable {
        let words: [String]
        let isPrefix: Bool

        init(_ text: String) {
            isPrefix = text.hasSuffix("*")
            words = text.filter { $0 != "*" }.split(separator: " ").map(String.init)
        }

        /// Whether the keyword's words are the tokens from `start` on.
        func matches(_ tokens: [Token], at start: Int) -> Bool {
            guard start + words.count <= tokens.count else { return false }
            for (offset, word) in words.enumerated() {
                let token = tokens[start + offset].word
                let isLast = offset == words.count - 1
                if isPrefix && isLast ? !token.hasPrefix(word) : token != word { return false }
            }
            return true
        }
    }

    /// What a keyword does to the selection once it has claimed its words.
    enum Reading: Sendable {
        /// Selects the kind wherever it appears.
        case specific(AnalysisKind)
        /// Selects the kind unless a specific keyword of one of `rivals` appears in the same clause.
        case ambiguous(AnalysisKind, rivals: Set<AnalysisKind>)
        /// Selects the kind only when no other selecting keyword appears in the same clause: "high" is a pitch
        /// in "how high does it go" but a degree in "how high is the volume".
        case modifier(AnalysisKind)
        /// Selects nothing: a collision such as "key features" or "audio clip".
        case neutral
        /// Adds the overview to whatever else was asked ("everything", "in full").
        case everything

        /// A neutral phrase outranks a selecting phrase of the same length: it exists to catch a collision.
        var rank: Int {
            if case .neutral = self { 1 } else { 0 }
        }
    }

    /// A lower-cased word and the clause it sits in.
    struct Token: Sendable {
        let word: String
        let clause: Int
    }

    /// One keyword found in a question.
    private struct Match {
        let reading: Reading
        let clause: Int
    }

    /// Every keyword with its reading, in the order they claim words: longer phrases first, then neutral
    /// before selecting, then whole words before prefixes.
    private static let ranked: [(reading: Reading, keyword: Keyword)] =
        vocabulary
        .flatMap { reading, keywords in keywords.map { (reading: reading, keyword: Keyword($0)) } }
        .sorted { precedence($0) > precedence($1) }

    private static func precedence(_ entry: (reading: Reading, keyword: Keyword)) -> Int {
        entry.keyword.words.count * 4 + entry.reading.rank * 2 + (entry.keyword.isPrefix ? 0 : 1)
    }

    /// Words that end a clause besides punctuation: "how fast is it and how long" holds two questions.
    private static let conjunctions: Set<String> = ["and", "but"]

    /// Makes a selector.
    public init() {}

    /// The analyses a question needs.
    /// - Parameter question: the person's question, any language case.
    /// - Returns: the kinds to analyse; empty when the question has no word the router knows.
    public func select(for question: String) -> Set<AnalysisKind> {
        let matches = Self.matches(in: Self.tokens(of: question))
        var selected = Set(matches.compactMap { Self.kind(selectedBy: $0, among: matches) })
        if Self.mentionsTimeSignature(question) { selected.insert(.rhythm) }
        guard !matches.isEmpty || !selected.isEmpty else { return [] }
        let wantsEverything = matches.contains { if case .everything = $0.reading { true } else { false } }
        // Nothing specific: an open or generic question ("describe", "overview", "what can you say") gets the overview.
        return selected.isEmpty || wantsEverything ? selected.union(AnalysisKind.overview) : selected
    }

    /// The kind one keyword selects once the other keywords of its clause are known, or `nil`.
    private static func kind(selectedBy match: Match, among matches: [Match]) -> AnalysisKind? {
        let clause = matches.filter { $0.clause == match.clause }
        switch match.reading {
        case .specific(let kind):
            return kind
        case .ambiguous(let kind, let rivals):
            let rivalled = clause.contains {
                if case .specific(let other) = $0.reading { rivals.contains(other) } else { false }
            }
            return rivalled ? nil : kind
        case .modifier(let kind):
            let modifies = clause.contains {
                switch $0.reading {
                case .specific, .ambiguous: true
                case .modifier, .neutral, .everything: false
                }
            }
            return modifies ? nil : kind
        case .neutral, .everything:
            return nil
        }
    }

    /// The keywords of a question, each claiming its words so that no shorter keyword reads them again.
    private static func matches(in tokens: [Token]) -> [Match] {
        // Every place a keyword fits, found through the index, then claimed in the keywords' rank order.
        var fits: [(rank: Int, start: Int)] = []
        for (start, token) in tokens.enumerated() {
            for rank in index.byFirstWord[token.word] ?? [] where ranked[rank].keyword.matches(tokens, at: start) {
                fits.append((rank, start))
            }
            var stem = ""
            for character in token.word.prefix(index.longestStem) {
                stem.append(character)
                for rank in index.byStem[stem] ?? [] { fits.append((rank, start)) }
            }
        }
        fits.sort { ($0.rank, $0.start) < ($1.rank, $1.start) }
        var claimed = [Bool](repeating: false, count: tokens.count)
        var found: [Match] = []
        var next = 0
        while next < fits.count {
            // One keyword's places are checked against the words claimed before it, then claimed together.
            let rank = fits[next].rank
            var end = next
            while end < fits.count && fits[end].rank == rank { end += 1 }
            let keyword = ranked[rank].keyword
            let free = fits[next..<end].filter { fit in
                !(fit.start..<(fit.start + keyword.words.count)).contains { claimed[$0] }
            }
            for fit in free {
                found.append(Match(reading: ranked[rank].reading, clause: tokens[fit.start].clause))
                for i in fit.start..<(fit.start + keyword.words.count) { claimed[i] = true }
            }
            next = end
        }
        return found
    }

    /// `ranked`'s positions by first word, except one-word prefixes, which are found by their stem.
    private static let index: (byFirstWord: [String: [Int]], byStem: [String: [Int]], longestStem: Int) = {
        var byFirstWord: [String: [Int]] = [:]
        var byStem: [String: [Int]] = [:]
        for (rank, entry) in ranked.enumerated() {
            let words = entry.keyword.words
            if entry.keyword.isPrefix && words.count == 1 {
                byStem[words[0], default: []].append(rank)
            } else if let first = words.first {
                byFirstWord[first, default: []].append(rank)
            }
        }
        return (byFirstWord, byStem, byStem.keys.map(\.count).max() ?? 0)
    }()

    /// Lower-cased words of letters and digits; everything else separates words. Sentence punctuation, dashes
    /// and "and"/"but" start a new clause.
    static func tokens(of text: String) -> [Token] {
        var tokens: [Token] = []
        var word = ""
        var clause = 0
        func endWord() {
            guard !word.isEmpty else { return }
            tokens.append(Token(word: word, clause: clause))
            if conjunctions.contains(word) { clause += 1 }
            word = ""
        }
        for character in text.lowercased() {
            if let ascii = character.asciiValue {
                // Most questions are ASCII: a byte test instead of Unicode property look-ups.
                if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(ascii) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(ascii) {
                    word.append(character)
                    continue
                }
            } else if character.isLetter || character.isNumber {
                word.append(character)
                continue
            }
            endWord()
            if ",;:.?!—–".contains(character) { clause += 1 }
        }
        endWord()
        return tokens
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
