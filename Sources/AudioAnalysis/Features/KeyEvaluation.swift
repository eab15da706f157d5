/// Scores a key estimate against the true key as MIREX does (`mir_eval.key.weighted_score`).
public enum KeyEvaluation {
    /// 1 for the same key, 0.5 for the key a fifth above in the same mode, 0.3 for the relative
    /// major or minor, 0.2 for the parallel one, else 0.
    /// - Parameters:
    ///   - reference: the true key, `"A minor"` (tonic spelled as in `chroma_mean`, or with a `b`/`#` variant).
    ///   - estimated: the estimate in the same form.
    /// - Returns: the weighted score; 0 when either label cannot be read.
    public static func weightedScore(reference: String, estimated: String) -> Double {
        guard let truth = parse(reference), let guess = parse(estimated) else { return 0 }
        let interval = (guess.tonic - truth.tonic + 12) % 12
        switch (truth.minor, guess.minor) {
        case _ where truth == guess: return 1
        case (false, false), (true, true): return interval == 7 ? 0.5 : 0
        case (false, true): return interval == 9 ? 0.3 : interval == 0 ? 0.2 : 0
        case (true, false): return interval == 3 ? 0.3 : interval == 0 ? 0.2 : 0
        }
    }

    /// `"F# minor"` → (6, true); accepts the usual enharmonic spellings.
    static func parse(_ label: String) -> (tonic: Int, minor: Bool)? {
        let parts = label.split(separator: " ")
        guard parts.count == 2, let mode = ["major": false, "minor": true][parts[1].lowercased()] else { return nil }
        let names = [
            "C": 0, "C#": 1, "Db": 1, "D": 2, "D#": 3, "Eb": 3, "E": 4, "F": 5, "F#": 6, "Gb": 6, "G": 7,
            "G#": 8, "Ab": 8, "A": 9, "A#": 10, "Bb": 10, "B": 11,
        ]
        guard let tonic = names[String(parts[0])] else { return nil }
        return (tonic, mode)
    }
}
