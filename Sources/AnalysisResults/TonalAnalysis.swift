/// Output of the tonal agent (keys as in API.md): key, tuning and the mean chroma.
public struct TonalAnalysis: Sendable, Codable, Equatable {
    /// Tonic spelled as in `chroma_mean` (`C`, `C#`, `D`, `Eb`, …); null when there is no pitched content.
    public var key: String?
    /// `major` or `minor`; null with `key`.
    public var mode: String?
    /// `"A minor"`; null with `key`.
    public var keyLabel: String?
    /// How clearly the best key beats the others, 0 … 1 (0 without pitched content).
    public var keyConfidence: Double
    /// The three best keys, best first.
    public var keyCandidates: [KeyCandidate]
    /// `100 · librosa.estimate_tuning(y, sr)`: deviation from A440 equal temperament in cents.
    public var tuningOffsetCents: Double
    /// Time mean of `librosa.feature.chroma_stft` per pitch class, keyed `C` … `B`.
    public var chromaMean: PitchClassProfile

    /// Makes the result from its values.
    public init(
        key: String?, mode: String?, keyLabel: String?, keyConfidence: Double, keyCandidates: [KeyCandidate], tuningOffsetCents: Double,
        chromaMean: PitchClassProfile
    ) {
        self.key = key
        self.mode = mode
        self.keyLabel = keyLabel
        self.keyConfidence = keyConfidence
        self.keyCandidates = keyCandidates
        self.tuningOffsetCents = tuningOffsetCents
        self.chromaMean = chromaMean
    }

    enum CodingKeys: String, CodingKey {
        case key, mode
        case keyLabel = "key_label"
        case keyConfidence = "key_confidence"
        case keyCandidates = "key_candidates"
        case tuningOffsetCents = "tuning_offset_cents"
        case chromaMean = "chroma_mean"
    }

    /// One ranked key.
    public struct KeyCandidate: Sendable, Codable, Equatable {
        /// `"C major"`.
        public var keyLabel: String
        /// Correlation of the chroma with the key's profile, −1 … 1.
        public var score: Double

        /// Makes the result from its values.
        public init(keyLabel: String, score: Double) {
            self.keyLabel = keyLabel
            self.score = score
        }

        enum CodingKeys: String, CodingKey {
            case keyLabel = "key_label"
            case score
        }
    }

    /// Encodes every key, an undefined key as null (not omitted).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encode(mode, forKey: .mode)
        try container.encode(keyLabel, forKey: .keyLabel)
        try container.encode(keyConfidence, forKey: .keyConfidence)
        try container.encode(keyCandidates, forKey: .keyCandidates)
        try container.encode(tuningOffsetCents, forKey: .tuningOffsetCents)
        try container.encode(chromaMean, forKey: .chromaMean)
    }
}

/// Twelve values, one per pitch class from C, encoded as `{"C": …, "C#": …, …, "B": …}` in that order.
public struct PitchClassProfile: Sendable, Codable, Equatable {
    /// `[pitch class]` from C.
    public var values: [Double]

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// - Parameter values: twelve values from C.
    /// The pitch classes' names from C, as keys and key names spell them.
    public static let names = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"]

    public init(_ values: [Double]) {
        self.values = values
    }

    /// Decodes the twelve named pitch classes (a missing one is 0).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        values = try Self.names.map { try container.decodeIfPresent(Double.self, forKey: Key(stringValue: $0)) ?? 0 }
    }

    /// Encodes the twelve pitch classes in order.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (name, value) in zip(Self.names, values) {
            try container.encode(value, forKey: Key(stringValue: name))
        }
    }
}
