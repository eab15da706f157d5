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
        guard y.count >= 2 else { return (0, 0) }
        var best = abs(3 * Double(y[0]) - Double(y[1]))
        var bestIndex = 0
        var prefixIndex = 0
        for i in 1..<y.count {
            if i == prefixLength { prefixIndex = bestIndex }
            let e = abs(Double(y[i]) + -coef * Double(y[i - 1]))
            if e > best { best = e; bestIndex = i }
        }
        if prefixLength >= y.count { prefixIndex = bestIndex }
        return (prefixIndex, bestIndex)
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
        let rms = TemporalFeatures.rms(y: y, frameLength: frameLength, hopLength: hopLength)
        let nonSilent = nonSilentFrames(rms: rms, topDb: Float(topDb))
        var edges: [Int] = []
        if nonSilent.first == true { edges.append(0) }
        for t in 1..<max(1, nonSilent.count) where nonSilent[t] != nonSilent[t - 1] { edges.append(t) }
        if nonSilent.last == true { edges.append(nonSilent.count) }
        var intervals: [Range<Int>] = []
        var i = 0
        while i + 1 < edges.count {
            let start = min(edges[i] * hopLength, y.count)
            let end = min(edges[i + 1] * hopLength, y.count)
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
