/// Minimum and maximum of the signal in equal buckets, for drawing a waveform.
public struct WaveformPeaks: Sendable, Codable, Equatable {
    /// `[bucket]` smallest sample in each bucket.
    public let min: [Float]
    /// `[bucket]` largest sample in each bucket.
    public let max: [Float]

    /// Splits `samples` into `buckets` nearly equal runs (bucket `i` covers
    /// `[i·n/buckets, (i+1)·n/buckets)`); a bucket with no samples reports 0.
    /// - Parameters:
    ///   - samples: mono signal.
    ///   - buckets: number of buckets, > 0.
    /// - Throws: `AnalysisError.invalidParameter` when `buckets` ≤ 0.
    public init(samples: [Float], buckets: Int) throws {
        guard buckets > 0 else { throw AnalysisError.invalidParameter(name: "buckets", value: String(buckets)) }
        let n = samples.count
        var lows = [Float](repeating: 0, count: buckets)
        var highs = [Float](repeating: 0, count: buckets)
        for b in 0..<buckets {
            let start = b * n / buckets
            let end = (b + 1) * n / buckets
            guard end > start else { continue }
            var lo = samples[start]
            var hi = samples[start]
            for i in (start + 1)..<end {
                lo = Swift.min(lo, samples[i])
                hi = Swift.max(hi, samples[i])
            }
            lows[b] = lo
            highs[b] = hi
        }
        min = lows
        max = highs
    }
}
