/// Output of the temporal agent (keys as in API.md).
public struct TemporalAnalysis: Sendable, Codable, Equatable {
    /// `len(y) / sr`.
    public var durationSeconds: Double
    /// `len(y)` at 22050 Hz.
    public var sampleCount: Int
    /// Sample value statistics.
    public var amplitude: Amplitude
    /// Frame RMS (2048/512, centred) statistics.
    public var rmsEnergy: SummaryStatistics
    /// max − min of the RMS in dB (ref 1, amin 1e-5, top_db 80).
    public var dynamicRangeDb: Double
    /// Frame zero-crossing rate statistics.
    public var zeroCrossingRate: MeanStd
    /// Positions of the pre-emphasised envelope's maxima.
    public var envelope: Envelope
    /// Number of non-silent intervals (`librosa.effects.split`, top_db 30).
    public var nonSilentIntervals: Int
    /// Their total length over `len(y)`.
    public var nonSilentRatio: Double

    /// Makes the result from its values.
    public init(
        durationSeconds: Double, sampleCount: Int, amplitude: Amplitude, rmsEnergy: SummaryStatistics, dynamicRangeDb: Double,
        zeroCrossingRate: MeanStd, envelope: Envelope, nonSilentIntervals: Int, nonSilentRatio: Double
    ) {
        self.durationSeconds = durationSeconds
        self.sampleCount = sampleCount
        self.amplitude = amplitude
        self.rmsEnergy = rmsEnergy
        self.dynamicRangeDb = dynamicRangeDb
        self.zeroCrossingRate = zeroCrossingRate
        self.envelope = envelope
        self.nonSilentIntervals = nonSilentIntervals
        self.nonSilentRatio = nonSilentRatio
    }

    enum CodingKeys: String, CodingKey {
        case durationSeconds = "duration_seconds"
        case sampleCount = "sample_count"
        case amplitude
        case rmsEnergy = "rms_energy"
        case dynamicRangeDb = "dynamic_range_db"
        case zeroCrossingRate = "zero_crossing_rate"
        case envelope
        case nonSilentIntervals = "non_silent_intervals"
        case nonSilentRatio = "non_silent_ratio"
    }

    /// Sample statistics.
    public struct Amplitude: Sendable, Codable, Equatable {
        /// Smallest sample.
        public var min: Double
        /// Largest sample.
        public var max: Double
        /// Mean sample.
        public var mean: Double
        /// Population standard deviation of the samples.
        public var std: Double
        /// max − min.
        public var peakToPeak: Double

        /// Makes the result from its values.
        public init(min: Double, max: Double, mean: Double, std: Double, peakToPeak: Double) {
            self.min = min
            self.max = max
            self.mean = mean
            self.std = std
            self.peakToPeak = peakToPeak
        }

        enum CodingKeys: String, CodingKey {
            case min, max, mean, std
            case peakToPeak = "peak_to_peak"
        }
    }

    /// Envelope maxima of `|preemphasis(y, 0.97)|`.
    public struct Envelope: Sendable, Codable, Equatable {
        /// Argmax over the first quarter of the signal, in samples.
        public var attackSamples: Int
        /// Argmax over the whole signal divided by its length, 0 ..< 1.
        public var peakPosition: Double

        /// Makes the result from its values.
        public init(attackSamples: Int, peakPosition: Double) {
            self.attackSamples = attackSamples
            self.peakPosition = peakPosition
        }

        enum CodingKeys: String, CodingKey {
            case attackSamples = "attack_samples"
            case peakPosition = "peak_position"
        }
    }
}
