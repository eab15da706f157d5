/// Frame-wise time-domain features (librosa's `feature` module, time-domain part).
enum TemporalFeatures {
    /// Root-mean-square energy of each centred, zero-padded frame.
    ///
    /// Port of `librosa.feature.rms(y=y, center=True, pad_mode="constant")` (librosa 0.11.0).
    /// librosa squares and averages in float32; we sum hop-sized blocks in
    /// float32 and frames in float64, then round to float32: equal to float32 precision.
    /// - Parameters:
    ///   - y: mono signal.
    ///   - frameLength: samples per frame, > 0; default 2048.
    ///   - hopLength: samples between frames, > 0; default 512.
    /// - Returns: `[frame]` RMS values, `1 + y.count / hopLength` of them.
    static func rms(
        y: UnsafeBufferPointer<Float>, frameLength: Int = LibrosaDefaults.nFFT,
        hopLength: Int = LibrosaDefaults.hopLength
    ) -> [Float] {
        guard let base = y.baseAddress else { return [0] }
        let sums = FrameSums(count: y.count, frameLength: frameLength, hopLength: hopLength) { range in
            sumOfSquares(base + range.lowerBound, count: range.count)
        }
        return sums.values.map { Float(($0 / Double(frameLength)).squareRoot()) }
    }

    /// Fraction of sign changes between consecutive samples in each centred frame.
    ///
    /// Port of `librosa.feature.zero_crossing_rate(y=y, center=True)` (librosa 0.11.0):
    /// the signal is edge-padded, values with `|y| ≤ 1e-10` count as +0, and the
    /// first sample of each frame never counts as a crossing.
    /// - Returns: `[frame]` rates in [0, 1].
    static func zeroCrossingRate(
        y: UnsafeBufferPointer<Float>, frameLength: Int = LibrosaDefaults.nFFT,
        hopLength: Int = LibrosaDefaults.hopLength
    ) -> [Double] {
        guard let base = y.baseAddress else { return [0] }
        // crossing(i) compares y[i−1] and y[i]; edge padding repeats y[0] and
        // y[n−1], which adds no crossings, so frames only see interior pairs.
        let crossings = FrameSums(count: y.count, frameLength: frameLength, hopLength: hopLength, firstExcluded: true) { range in
            Double(crossingCount(base, range.clamped(to: 1..<max(1, y.count))))
        }
        return crossings.values.map { $0 / Double(frameLength) }
    }

    private static func sumOfSquares(_ p: UnsafePointer<Float>, count: Int) -> Double {
        var acc = Vector.V.zero
        var i = 0
        while i + 8 <= count {
            let v = Vector.load(p + i)
            acc += v * v
            i += 8
        }
        var total = Double(acc.sum())
        while i < count {
            total += Double(p[i]) * Double(p[i])
            i += 1
        }
        return total
    }

    /// Number of `i` in `range` (all ≥ 1) where `y[i−1]` and `y[i]` differ in sign.
    /// A plain loop with an integer count, which LLVM vectorises.
    private static func crossingCount(_ y: UnsafePointer<Float>, _ range: Range<Int>) -> Int {
        let threshold = -Float(LibrosaDefaults.zeroCrossingThreshold)
        var total: Int32 = 0
        for i in range {
            let now: Int32 = y[i] < threshold ? 1 : 0
            let before: Int32 = y[i - 1] < threshold ? 1 : 0
            total &+= now ^ before
        }
        return Int(total)
    }
}

/// Sums of a per-sample quantity over centred frames `[t·hop − L/2, t·hop + L/2)`.
///
/// When `L` and `L/2` are multiples of the hop, every frame is a run of whole
/// hop-sized blocks, so each sample is visited once; otherwise each frame is
/// summed directly.
struct FrameSums {
    let values: [Double]

    /// - Parameters:
    ///   - count: signal length in samples.
    ///   - firstExcluded: leave out each frame's first sample (zero-crossing counts).
    ///   - rangeSum: the quantity summed over sample indices `range` (inside `0 ..< count`).
    init(
        count n: Int, frameLength: Int, hopLength: Int, firstExcluded: Bool = false,
        rangeSum: (Range<Int>) -> Double
    ) {
        let frames = 1 + n / hopLength
        let half = frameLength / 2
        var values = [Double](repeating: 0, count: frames)
        if frameLength % hopLength == 0, half % hopLength == 0 {
            let blocksPerFrame = frameLength / hopLength
            let lead = half / hopLength
            let blockCount = (n + hopLength - 1) / hopLength
            let blocks = (0..<blockCount).map { b in rangeSum(b * hopLength..<min(n, (b + 1) * hopLength)) }
            for t in 0..<frames {
                var s: Double = 0
                for b in max(0, t - lead)..<min(blockCount, t - lead + blocksPerFrame) { s += blocks[b] }
                let first = (t - lead) * hopLength
                if firstExcluded, first >= 0, first < n { s -= rangeSum(first..<(first + 1)) }
                values[t] = s
            }
        } else {
            for t in 0..<frames {
                let start = t * hopLength - half
                let lower = min(n, max(0, start + (firstExcluded ? 1 : 0)))
                values[t] = rangeSum(lower..<max(lower, min(n, start + frameLength)))
            }
        }
        self.values = values
    }
}
