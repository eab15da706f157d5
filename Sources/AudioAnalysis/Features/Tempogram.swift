/// Autocorrelation tempogram (librosa's `feature.rhythm` module).
enum Tempogram {
    /// The time average of the autocorrelation tempogram of an onset envelope.
    ///
    /// Port of `librosa.feature.tempogram(onset_envelope:, win_length:,
    /// center=True, window="hann", norm=np.inf)` (librosa 0.11.0) followed by a
    /// mean over frames. Each frame is a Hann-windowed stretch of the envelope
    /// (padded at both ends with a linear ramp to 0); its autocorrelation is
    /// divided by its largest magnitude (all-zero frames are left as they are).
    ///
    /// Instead of one FFT pair per frame, the sum over frames is taken for all
    /// lags at once from a few float64 FFTs of the whole envelope (see
    /// `AutocorrelationSum`), frames whose scale would spoil its rounding bound
    /// being computed one by one. An envelope with too many of those falls back
    /// to sliding each lag's windowed sum (see `SlidingAutocorrelation`),
    /// O(winLength) per frame. Both are float64; the `[lag][frame]` tempogram is never stored.
    /// - Parameters:
    ///   - onsetEnvelope: `[frame]` onset strength.
    ///   - winLength: frames per window, > 0; default 384.
    /// - Returns: `[winLength]` mean normalised autocorrelation by lag.
    static func meanTempogram(onsetEnvelope: [Double], winLength: Int = LibrosaDefaults.tempogramWinLength) -> [Double] {
        let n = onsetEnvelope.count
        guard n > 0, winLength > 0 else { return [Double](repeating: 0, count: max(0, winLength)) }
        let padded = linearRampPadded(onsetEnvelope, width: winLength / 2)
        if let mean = AutocorrelationSum.meanNormalised(padded, frames: n, winLength: winLength) {
            return mean
        }
        return slidingMeanTempogram(padded, frames: n, winLength: winLength)
    }

    /// The same mean from sliding sums, frame by frame (`SlidingAutocorrelation`).
    static func slidingMeanTempogram(_ padded: [Double], frames n: Int, winLength: Int) -> [Double] {
        var sliding = SlidingAutocorrelation(padded, winLength: winLength)
        var sum = [Double](repeating: 0, count: sliding.lanes)
        sum.withUnsafeMutableBufferPointer { sum in
            guard let lanes = sum.baseAddress else { return }
            for t in 0..<n { sliding.accumulate(into: lanes, advance: t + 1 < n) }
        }
        sum.removeLast(sliding.lanes - winLength)
        return sum.map { $0 / Double(n) }
    }

    /// `np.pad(x, width, mode="linear_ramp", end_values=0)`.
    static func linearRampPadded(_ x: [Double], width: Int) -> [Double] {
        guard let first = x.first, let last = x.last else { return [] }
        var out = [Double](repeating: 0, count: x.count + 2 * width)
        for i in 0..<width {
            let fraction = Double(i) / Double(width)
            out[i] = first * fraction
            out[x.count + 2 * width - 1 - i] = last * fraction
        }
        for (i, v) in x.enumerated() { out[width + i] = v }
        return out
    }

    /// Tempo in BPM of each autocorrelation lag; lag 0 is `+inf`.
    ///
    /// Port of `librosa.tempo_frequencies` (librosa 0.11.0).
    /// - Returns: `[nBins]` BPM, `60·sr / (hop·lag)`.
    static func tempoFrequencies(
        _ nBins: Int, hopLength: Int = LibrosaDefaults.hopLength, sr: Double = LibrosaDefaults.sr
    ) -> [Double] {
        (0..<nBins).map { $0 == 0 ? .infinity : 60 * sr / (Double(hopLength) * Double($0)) }
    }
}
