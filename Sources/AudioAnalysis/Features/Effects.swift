/// Time-domain effects (librosa's `effects` module).
enum Effects {
    /// Argmax of `|preemphasis(y)|` over the first `prefixLength` samples and over all of them.
    ///
    /// Port of `librosa.effects.preemphasis(y, coef=0.97)` (librosa 0.11.0) fused
    /// with the two arg-maxima the temporal agent needs, so the filtered signal
    /// is never stored. librosa's default initial state `zi = 2·y[0] − y[1]`
    /// makes the first output `3·y[0] − y[1]`. Computed in float64 like librosa.
    /// - Parameters:
    ///   - y: mono signal, at least 2 samples.
    ///   - coef: filter coefficient; default 0.97.
    ///   - prefixLength: length of the prefix for the first argmax, ≥ 1.
    /// - Returns: first indices of the maxima (ties resolve to the earliest sample).
    static func preemphasisArgmax(
        y: UnsafeBufferPointer<Float>, coef: Double = LibrosaDefaults.preemphasisCoef, prefixLength: Int
    ) -> (prefix: Int, whole: Int) {
        guard y.count >= 2, let p = y.baseAddress else { return (0, 0) }
        let first = abs(3 * Double(p[0]) - Double(p[1]))
        let prefix = argmax(p, coef: coef, range: 1..<max(1, min(prefixLength, y.count)), best: (first, 0))
        let whole = argmax(p, coef: coef, range: max(1, min(prefixLength, y.count))..<y.count, best: prefix)
        return (prefix.index, whole.index)
    }

    /// The first index of the largest `|y[i] − coef·y[i−1]|` over `range` (all ≥ 1), or `best` if none beats it.
    ///
    /// Samples are screened in float32; only one whose float value comes within
    /// the float32 rounding error (1e-5 relative plus 4e-7 for samples up to ±1)
    /// of the best so far is re-evaluated exactly in float64, so the result is
    /// the float64 argmax librosa computes.
    private static func argmax(
        _ p: UnsafePointer<Float>, coef: Double, range: Range<Int>, best start: (value: Double, index: Int)
    ) -> (value: Double, index: Int) {
        var best = start
        let c = Float(coef)
        var screen = Float(best.value * (1 - 1e-5) - 4e-7)
        func check(_ i: Int) {
            guard abs(p[i] - c * p[i - 1]) >= screen else { return }
            let e = abs(Double(p[i]) + -coef * Double(p[i - 1]))
            if e > best.value {
                best = (e, i)
                screen = Float(best.value * (1 - 1e-5) - 4e-7)
            }
        }
        // Eight samples at a time; a block is looked at sample by sample only
        // when one of them passes the screen, so the order of updates is kept.
        let cv = Vector.V(repeating: c)
        var i = range.lowerBound
        while i + 8 <= range.upperBound {
            let magnitude = Vector.magnitude(Vector.load(p + i) - cv * Vector.load(p + i - 1))
            if any(magnitude .>= Vector.V(repeating: screen)) {
                for j in i..<(i + 8) { check(j) }
            }
            i += 8
        }
        while i < range.upperBound {
            check(i)
            i += 1
        }
        return best
    }

    /// Non-silent intervals: runs of frames whose RMS is within `topDb` of the loudest frame.
    ///
    /// Port of `librosa.effects.split(y, top_db:, ref=np.max)` (librosa 0.11.0).
    /// librosa works in float32 here (RMS is float32), and so do we.
    /// - Parameters:
    ///   - y: mono signal.
    ///   - topDb: threshold below the peak in dB, > 0; default 60 in librosa, the agent uses 30.
    /// - Returns: `[interval]` half-open sample ranges `start ..< end`.
    static func split(
        y: UnsafeBufferPointer<Float>, topDb: Double, frameLength: Int = LibrosaDefaults.nFFT,
        hopLength: Int = LibrosaDefaults.hopLength
    ) -> [Range<Int>] {
        split(
            rms: TemporalFeatures.rms(y: y, frameLength: frameLength, hopLength: hopLength),
            count: y.count, topDb: topDb, hopLength: hopLength)
    }

    /// `split` from an RMS curve already computed with the same frame and hop.
    /// - Parameters:
    ///   - rms: `[frame]` `librosa.feature.rms(y)`.
    ///   - count: `len(y)` in samples.
    static func split(rms: [Float], count: Int, topDb: Double, hopLength: Int = LibrosaDefaults.hopLength) -> [Range<Int>] {
        let nonSilent = nonSilentFrames(rms: rms, topDb: Float(topDb))
        var edges: [Int] = []
        if nonSilent.first == true { edges.append(0) }
        for t in 1..<max(1, nonSilent.count) where nonSilent[t] != nonSilent[t - 1] { edges.append(t) }
        if nonSilent.last == true { edges.append(nonSilent.count) }
        var intervals: [Range<Int>] = []
        var i = 0
        while i + 1 < edges.count {
            let start = min(edges[i] * hopLength, count)
            let end = min(edges[i + 1] * hopLength, count)
            intervals.append(start..<max(start, end))
            i += 2
        }
        return intervals
    }

    /// `amplitude_to_db(rms, ref=max) > −topDb` per frame, in float32.
    static func nonSilentFrames(rms: [Float], topDb: Float) -> [Bool] {
        let ref = rms.map { abs($0) }.max() ?? 0
        let amin = Float(LibrosaDefaults.aminAmplitude * LibrosaDefaults.aminAmplitude)
        return rms.map { Decibel.powerToDb($0 * $0, ref: ref * ref, amin: amin) > -topDb }
    }
}
