/// Output of the rhythm agent (keys as in API.md).
public struct RhythmAnalysis: Sendable, Codable, Equatable {
    /// Estimated tempo in BPM (0 when no onsets).
    public var tempoBpm: Double
    /// Number of tracked beats.
    public var beatCount: Int
    /// Beat times in seconds.
    public var beatTimes: [Double]
    /// Inter-beat interval statistics.
    public var tempoStability: TempoStability
    /// Number of detected onsets.
    public var onsetCount: Int
    /// Onset times in seconds.
    public var onsetTimes: [Double]
    /// Onset strength envelope statistics.
    public var onsetStrength: OnsetStrength
    /// Strongest tempogram periodicities.
    public var tempoRange: TempoRange
    /// "4/4" or "3/4".
    public var timeSignature: String
    /// 0 (straight) … 1 (full triplet swing).
    public var swing: Double
    /// 1 − cv/0.5, clamped to [0, 1], 3 decimals.
    public var steadiness: Double
    /// True when the music starts with a pickup before the first beat.
    public var upbeat: Bool

    /// Makes the result from its values.
    public init(
        tempoBpm: Double, beatCount: Int, beatTimes: [Double], tempoStability: TempoStability, onsetCount: Int, onsetTimes: [Double],
        onsetStrength: OnsetStrength, tempoRange: TempoRange, timeSignature: String, swing: Double, steadiness: Double, upbeat: Bool
    ) {
        self.tempoBpm = tempoBpm
        self.beatCount = beatCount
        self.beatTimes = beatTimes
        self.tempoStability = tempoStability
        self.onsetCount = onsetCount
        self.onsetTimes = onsetTimes
        self.onsetStrength = onsetStrength
        self.tempoRange = tempoRange
        self.timeSignature = timeSignature
        self.swing = swing
        self.steadiness = steadiness
        self.upbeat = upbeat
    }

    enum CodingKeys: String, CodingKey {
        case tempoBpm = "tempo_bpm"
        case beatCount = "beat_count"
        case beatTimes = "beat_times"
        case tempoStability = "tempo_stability"
        case onsetCount = "onset_count"
        case onsetTimes = "onset_times"
        case onsetStrength = "onset_strength"
        case tempoRange = "tempo_range"
        case timeSignature = "time_signature"
        case swing, steadiness, upbeat
    }

    /// Inter-beat intervals (IBI) in seconds.
    public struct TempoStability: Sendable, Codable, Equatable {
        /// Mean IBI in seconds.
        public var meanIbi: Double
        /// Population standard deviation of the IBIs in seconds.
        public var stdIbi: Double
        /// Coefficient of variation std/mean (0 when the mean is 0).
        public var cv: Double

        /// Makes the result from its values.
        public init(meanIbi: Double, stdIbi: Double, cv: Double) {
            self.meanIbi = meanIbi
            self.stdIbi = stdIbi
            self.cv = cv
        }

        enum CodingKeys: String, CodingKey {
            case meanIbi = "mean_ibi"
            case stdIbi = "std_ibi"
            case cv
        }
    }

    /// Onset strength envelope statistics.
    public struct OnsetStrength: Sendable, Codable, Equatable {
        /// Mean strength.
        public var mean: Double
        /// Largest strength.
        public var max: Double
        /// Population standard deviation.
        public var std: Double

        /// Makes the result from its values.
        public init(mean: Double, max: Double, std: Double) {
            self.mean = mean
            self.max = max
            self.std = std
        }
    }

    /// Strongest periodicities of the averaged tempogram.
    public struct TempoRange: Sendable, Codable, Equatable {
        /// BPM of the top rows, strongest first, infinite ones dropped.
        public var dominantTempos: [Double]

        /// Makes the result from its values.
        public init(dominantTempos: [Double]) {
            self.dominantTempos = dominantTempos
        }

        enum CodingKeys: String, CodingKey {
            case dominantTempos = "dominant_tempos"
        }
    }
}
