/// Mean and population standard deviation of a feature over frames.
public struct MeanStd: Sendable, Codable, Equatable {
    /// Mean over frames.
    public var mean: Double
    /// Population standard deviation over frames (ddof 0).
    public var std: Double

    /// Summarises `values`.
    init<C: Collection>(_ values: C) where C.Element: BinaryFloatingPoint {
        mean = Statistics.mean(values)
        std = Statistics.std(values)
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

    /// Summarises `values` (all zero when empty).
    init<C: Collection>(_ values: C) where C.Element: BinaryFloatingPoint {
        mean = Statistics.mean(values)
        std = Statistics.std(values)
        min = values.min().map { Double($0) } ?? 0
        max = values.max().map { Double($0) } ?? 0
    }
}
