/// Frame-wise time-domain features (librosa's `feature` module, time-domain part).
enum TemporalFeatures {
    /// Root-mean-square energy of each centred, zero-padded frame.
    ///
    /// Port of `librosa.feature.rms(y=y, center=True, pad_mode="constant")` (librosa 0.11.0).
    /// librosa squares and averages in float32; we accumulate in float64 and round
    /// the result to float32, which agrees to float32 precision.
    /// - Parameters:
    ///   - y: mono signal.
    ///   - frameLength: samples per frame, > 0; default 2048.
    ///   - hopLength: samples between frames, > 0; default 512.
    /// - Returns: `[frame]` RMS values, `1 + y.count / hopLength` of them.
    static func rms(
        y: UnsafeBufferPointer<Float>, frameLength: Int = LibrosaDefaults.nFFT,
        hopLength: Int = LibrosaDefaults.hopLength
    ) -> [Float] {
        let sums = FrameSums(y: y, frameLength: frameLength, hopLength: hopLength) { i in Double(y[i]) * Double(y[i]) }
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
        let threshold = Float(LibrosaDefaults.zeroCrossingThreshold)
        func negative(_ i: Int) -> Bool { y[i] < -threshold }
        // crossing(i) compares y[i−1] and y[i]; edge padding repeats y[0] and
        // y[n−1], which adds no crossings, so frames only see interior pairs.
        let crossings = FrameSums(y: y, frameLength: frameLength, hopLength: hopLength, firstExcluded: true) { i in
            i > 0 && negative(i) != negative(i - 1) ? 1 : 0
        }
        return crossings.values.map { $0 / Double(frameLength) }
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
    ///   - firstExcluded: leave out each frame's first sample (zero-crossing counts).
    ///   - term: the quantity at sample index `i` (0 ≤ i < y.count).
    init(
        y: UnsafeBufferPointer<Float>, frameLength: Int, hopLength: Int,
        firstExcluded: Bool = false, term: (Int) -> Double
    ) {
        let n = y.count
        let frames = 1 + n / hopLength
        let half = frameLength / 2
        var values = [Double](repeating: 0, count: frames)
        if frameLength % hopLength == 0, half % hopLength == 0 {
            let blocksPerFrame = frameLength / hopLength
            let lead = half / hopLength
            var blocks = [Double](repeating: 0, count: frames + blocksPerFrame)
            var i = 0
            for b in 0..<(n + hopLength - 1) / hopLength {
                var s: Double = 0
                let end = min(n, i + hopLength)
                while i < end { s += term(i); i += 1 }
                blocks[b] = s
            }
            for t in 0..<frames {
                var s: Double = 0
                for b in (t - lead)..<(t - lead + blocksPerFrame) where b >= 0 { s += blocks[b] }
                let first = (t - lead) * hopLength
                if firstExcluded, first >= 0, first < n { s -= term(first) }
                values[t] = s
            }
        } else {
            for t in 0..<frames {
                let start = t * hopLength - half
                var s: Double = 0
                for i in max(0, start + (firstExcluded ? 1 : 0))..<max(0, min(n, start + frameLength)) { s += term(i) }
                values[t] = s
            }
        }
        self.values = values
    }
}
