extension Duration {
    /// Whole nanoseconds, at least 0, at most `Int64.max`.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return seconds < 0 ? 0 : .max }
        return max(0, scaled + attoseconds / 1_000_000_000)
    }
}
