internal import AnalysisResults

extension MeanStd {
    /// Summarises `values`.
    init<C: Collection>(_ values: C) where C.Element: BinaryFloatingPoint {
        self.init(mean: Statistics.mean(values), std: Statistics.std(values))
    }
}

extension SummaryStatistics {
    /// Summarises `values` (all zero when empty).
    init<C: Collection>(_ values: C) where C.Element: BinaryFloatingPoint {
        self.init(
            mean: Statistics.mean(values), std: Statistics.std(values), min: values.min().map { Double($0) } ?? 0,
            max: values.max().map { Double($0) } ?? 0)
    }
}
