/// Mean and population standard deviation of a feature over frames.
public struct MeanStd: Sendable, Codable, Equatable {
    /// Mean over frames.
    public var mean: Double
    /// Population standard deviation over frames (ddof 0).
    public var std: Double

    /// Makes the result from its values.
    public init(mean: Double, std: Double) {
        self.mean = mean
        self.std = std
    }
}

/// Mean, standard deviation, minimum and maximum of a feature over frames.
public struct SummaryStatistics: Sendable, Codable, Equatable {
    /// Mean over frames.
    public var mean: Double
    /// Population standard deviation over frames (ddof 0).
    public var std: Double
    /// Smallest value.
    public var min: Double
    /// Largest value.
    public var max: Double

    /// Makes the result from its values.
    public init(mean: Double, std: Double, min: Double, max: Double) {
        self.mean = mean
        self.std = std
        self.min = min
        self.max = max
    }
}
