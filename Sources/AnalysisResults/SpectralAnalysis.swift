/// Output of the spectral agent (keys as in API.md).
public struct SpectralAnalysis: Sendable, Codable, Equatable {
    /// Spectral centroid in Hz over frames.
    public var spectralCentroid: SummaryStatistics
    /// Spectral bandwidth (p = 2) in Hz over frames.
    public var spectralBandwidth: MeanStd
    /// 85 % rolloff frequency in Hz over frames.
    public var spectralRolloff: MeanStd
    /// Mean spectral flatness and its reading.
    public var spectralFlatness: Flatness
    /// The five strongest bins of the whole-signal spectrum, largest first.
    public var dominantFrequencies: [DominantFrequency]
    /// Mean and deviation of the first five MFCCs, `mfcc_0` … `mfcc_4`.
    public var mfccSummary: MFCCSummary

    /// Makes the result from its values.
    public init(
        spectralCentroid: SummaryStatistics, spectralBandwidth: MeanStd, spectralRolloff: MeanStd, spectralFlatness: Flatness,
        dominantFrequencies: [DominantFrequency], mfccSummary: MFCCSummary
    ) {
        self.spectralCentroid = spectralCentroid
        self.spectralBandwidth = spectralBandwidth
        self.spectralRolloff = spectralRolloff
        self.spectralFlatness = spectralFlatness
        self.dominantFrequencies = dominantFrequencies
        self.mfccSummary = mfccSummary
    }

    enum CodingKeys: String, CodingKey {
        case spectralCentroid = "spectral_centroid"
        case spectralBandwidth = "spectral_bandwidth"
        case spectralRolloff = "spectral_rolloff"
        case spectralFlatness = "spectral_flatness"
        case dominantFrequencies = "dominant_frequencies"
        case mfccSummary = "mfcc_summary"
    }

    /// Mean flatness: "tonal" below 0.1, else "noisy".
    public struct Flatness: Sendable, Codable, Equatable {
        /// Mean spectral flatness, 0 ... 1.
        public var mean: Double
        /// "tonal" or "noisy".
        public var interpretation: String

        /// Makes the result from its values.
        public init(mean: Double, interpretation: String) {
            self.mean = mean
            self.interpretation = interpretation
        }
    }

    /// One bin of the whole-signal spectrum.
    public struct DominantFrequency: Sendable, Codable, Equatable {
        /// Bin frequency in Hz (`k·sr/n`).
        public var frequencyHz: Double
        /// `|rfft(y)[k]|`.
        public var magnitude: Double

        /// Makes the result from its values.
        public init(frequencyHz: Double, magnitude: Double) {
            self.frequencyHz = frequencyHz
            self.magnitude = magnitude
        }

        enum CodingKeys: String, CodingKey {
            case frequencyHz = "frequency_hz"
            case magnitude
        }
    }

    /// Per-coefficient MFCC statistics, encoded as `{"mfcc_0": {mean, std}, …}` in order.
    public struct MFCCSummary: Sendable, Codable, Equatable {
        /// Statistics of coefficient `i` at index `i`.
        public var coefficients: [MeanStd]

        private struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        public init(coefficients: [MeanStd]) {
            self.coefficients = coefficients
        }

        /// Decodes `mfcc_0`, `mfcc_1`, … until one is missing.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            var coefficients: [MeanStd] = []
            while let next = try container.decodeIfPresent(MeanStd.self, forKey: Key(stringValue: "mfcc_\(coefficients.count)")) {
                coefficients.append(next)
            }
            self.coefficients = coefficients
        }

        /// Encodes `mfcc_0`, `mfcc_1`, … in order.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            for (i, c) in coefficients.enumerated() {
                try container.encode(c, forKey: Key(stringValue: "mfcc_\(i)"))
            }
        }
    }
}
