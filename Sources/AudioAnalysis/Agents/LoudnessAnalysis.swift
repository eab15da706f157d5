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

extension LoudnessAnalysis {
    /// Rounds the measurement for people and thins the short-term series to at most `maxCurvePoints`.
    /// - Parameters:
    ///   - measurement: the meter's reading.
    ///   - durationSeconds: the file's length, seconds.
    init(_ measurement: LoudnessMeasurement, durationSeconds: Double) {
        integratedLUFS = measurement.integratedLUFS.map(Self.rounded)
        loudnessRangeLU = measurement.loudnessRangeLU.map(Self.rounded)
        truePeakDBTP = measurement.truePeakDBTP.map(Self.rounded)
        samplePeakDBFS = measurement.samplePeakDBFS.map(Self.rounded)
        momentaryMaxLUFS = measurement.momentaryMaxLUFS.map(Self.rounded)
        shortTermMaxLUFS = measurement.shortTermMaxLUFS.map(Self.rounded)
        interpretation = LoudnessReading.interpretation(integratedLUFS: integratedLUFS, truePeakDBTP: truePeakDBTP)
        let (interval, curve) = Self.curve(measurement, durationSeconds: durationSeconds)
        shortTermIntervalSeconds = interval
        shortTermLUFS = curve
    }

    /// Three decimals: a thousandth of a dB is far below what anyone hears or meters show,
    /// and it keeps rounding noise such as an LRA of 4e-14 LU out of the JSON.
    private static func rounded(_ value: Double) -> Double {
        let r = (value * 1000).rounded() / 1000
        return r == 0 ? 0 : r
    }

    private static func curve(_ m: LoudnessMeasurement, durationSeconds: Double) -> (Double, [Double?]) {
        let step = m.shortTermStepSeconds
        guard durationSeconds > 0, step > 0 else { return (step, []) }
        // Whole 100 ms steps per bucket, so every bucket spans the same number of readings.
        let steps = Int((durationSeconds / step).rounded(.up))
        let perBucket = max(1, (steps + maxCurvePoints - 1) / maxCurvePoints)
        let interval = Double(perBucket) * step
        let buckets = max(1, (steps + perBucket - 1) / perBucket)
        var curve = [Double?](repeating: nil, count: buckets)
        for (i, value) in m.shortTermLUFS.enumerated() where value.isFinite {
            let end = m.shortTermStartSeconds + Double(i) * step
            let bucket = min(buckets - 1, Int((end / interval + 1e-9).rounded(.down)))
            curve[bucket] = max(curve[bucket] ?? -.infinity, rounded(Double(value)))
        }
        return (interval, curve)
    }
}
