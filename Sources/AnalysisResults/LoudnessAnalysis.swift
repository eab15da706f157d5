/// Output of the loudness agent (keys as in API.md): EBU R128 figures, null where undefined.
public struct LoudnessAnalysis: Sendable, Codable, Equatable {
    /// Gated integrated loudness, LUFS; null for silence.
    public var integratedLUFS: Double?
    /// Loudness range, LU; null under 3 s.
    public var loudnessRangeLU: Double?
    /// Highest true peak, dBTP; null for silence.
    public var truePeakDBTP: Double?
    /// Highest sample peak, dBFS; null for silence.
    public var samplePeakDBFS: Double?
    /// Highest momentary (400 ms) loudness, LUFS.
    public var momentaryMaxLUFS: Double?
    /// Highest short-term (3 s) loudness, LUFS; null under 3 s.
    public var shortTermMaxLUFS: Double?
    /// The reading against the common targets (−14 LUFS streaming, −23 LUFS broadcast) and the true peak.
    public var interpretation: String
    /// Seconds per entry of `shortTermLUFS`.
    public var shortTermIntervalSeconds: Double
    /// `[bucket]` the highest short-term loudness among the 3 s windows ending in
    /// `[i·interval, (i+1)·interval)`, LUFS; null where none ends there (the first 3 s) or for silence.
    /// At most `LoudnessAnalysis.maxCurvePoints` entries, for drawing under the waveform.
    public var shortTermLUFS: [Double?]

    /// Makes the result from its values.
    public init(
        integratedLUFS: Double?, loudnessRangeLU: Double?, truePeakDBTP: Double?, samplePeakDBFS: Double?, momentaryMaxLUFS: Double?,
        shortTermMaxLUFS: Double?, interpretation: String, shortTermIntervalSeconds: Double, shortTermLUFS: [Double?]
    ) {
        self.integratedLUFS = integratedLUFS
        self.loudnessRangeLU = loudnessRangeLU
        self.truePeakDBTP = truePeakDBTP
        self.samplePeakDBFS = samplePeakDBFS
        self.momentaryMaxLUFS = momentaryMaxLUFS
        self.shortTermMaxLUFS = shortTermMaxLUFS
        self.interpretation = interpretation
        self.shortTermIntervalSeconds = shortTermIntervalSeconds
        self.shortTermLUFS = shortTermLUFS
    }

    /// The longest `shortTermLUFS` series.
    public static let maxCurvePoints = 1000

    enum CodingKeys: String, CodingKey {
        case integratedLUFS = "integrated_lufs"
        case loudnessRangeLU = "loudness_range_lu"
        case truePeakDBTP = "true_peak_dbtp"
        case samplePeakDBFS = "sample_peak_dbfs"
        case momentaryMaxLUFS = "momentary_max_lufs"
        case shortTermMaxLUFS = "short_term_max_lufs"
        case interpretation
        case shortTermIntervalSeconds = "short_term_interval_seconds"
        case shortTermLUFS = "short_term_lufs"
    }

    /// Encodes every key, undefined quantities as null (not omitted).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(integratedLUFS, forKey: .integratedLUFS)
        try container.encode(loudnessRangeLU, forKey: .loudnessRangeLU)
        try container.encode(truePeakDBTP, forKey: .truePeakDBTP)
        try container.encode(samplePeakDBFS, forKey: .samplePeakDBFS)
        try container.encode(momentaryMaxLUFS, forKey: .momentaryMaxLUFS)
        try container.encode(shortTermMaxLUFS, forKey: .shortTermMaxLUFS)
        try container.encode(interpretation, forKey: .interpretation)
        try container.encode(shortTermIntervalSeconds, forKey: .shortTermIntervalSeconds)
        try container.encode(shortTermLUFS, forKey: .shortTermLUFS)
    }
}
