/// Prometheus histograms over a fixed set of label values, recorded without locks.
///
/// Each series has one counter per bucket (non-cumulative; summed when exposed), a count and
/// a sum kept in microseconds, so an observation is three atomic adds.
struct Histograms: Sendable {
    /// Upper bounds of the buckets in seconds, ascending; `+Inf` is implied.
    let bounds: [Double]
    /// The label value of each series.
    let series: [String]
    private let counters: AtomicCounters

    /// Request-latency buckets: 1 ms … 10 s.
    static let latencyBounds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    /// Analysis buckets: 1 ms … 60 s.
    static let analysisBounds = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60]

    /// - Parameters:
    ///   - series: the label values, one histogram each.
    ///   - bounds: bucket upper bounds in seconds.
    init(series: [String], bounds: [Double]) {
        self.series = series
        self.bounds = bounds
        counters = AtomicCounters(count: series.count * (bounds.count + 3))
    }

    private var stride: Int { bounds.count + 3 }

    /// Records `seconds` in series `index`.
    func observe(_ index: Int, seconds: Double) {
        guard index >= 0, index < series.count, seconds.isFinite else { return }
        let value = max(0, seconds)
        let bucket = bounds.firstIndex { value <= $0 } ?? bounds.count
        let base = index * stride
        counters.add(base + bucket)
        counters.add(base + bounds.count + 1)
        counters.add(base + bounds.count + 2, UInt64((value * 1_000_000).rounded()))
    }

    /// Writes every series that has observations as `name_bucket`, `name_sum` and `name_count`.
    func write(_ name: String, label: String, into text: inout PrometheusText) {
        for (index, value) in series.enumerated() {
            let base = index * stride
            let count = counters.value(base + bounds.count + 1)
            guard count > 0 else { continue }
            var cumulative: UInt64 = 0
            for (b, bound) in bounds.enumerated() {
                cumulative += counters.value(base + b)
                text.sample(name + "_bucket", cumulative, labels: [(label, value), ("le", PrometheusText.number(bound))])
            }
            text.sample(name + "_bucket", count, labels: [(label, value), ("le", "+Inf")])
            text.sample(name + "_sum", Double(counters.value(base + bounds.count + 2)) / 1_000_000, labels: [(label, value)])
            text.sample(name + "_count", count, labels: [(label, value)])
        }
    }
}
