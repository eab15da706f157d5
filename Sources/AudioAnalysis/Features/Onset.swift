/// Onset detection (librosa's `onset` module).
enum Onset {
    /// How the per-band spectral flux is reduced to one value per frame.
    enum Aggregate: Sendable {
        /// `np.mean` (onset_strength's default).
        case mean
        /// `np.median` (what beat_track asks for).
        case median
    }

    /// Spectral-flux onset strength envelope from a log-mel spectrogram.
    ///
    /// Port of `librosa.onset.onset_strength(S=power_to_db(melspectrogram(y)),
    /// lag=1, max_size=1, center=True)` (librosa 0.11.0): the positive first
    /// difference of each band, aggregated over bands, delayed by
    /// `lag + nFFT / (2·hop)` = 3 frames to centre it, cut to the frame count.
    /// - Parameters:
    ///   - melDb: `[frame][nMels]` log-mel spectrogram (`Spectrogram.melDb`).
    ///   - nMels: bands per frame, > 0.
    ///   - aggregate: reduction over bands; default mean.
    /// - Returns: `[frame]` onset strength, ≥ 0.
    static func onsetStrength(
        melDb: [Float], nMels: Int, aggregate: Aggregate = .mean,
        nFFT: Int = LibrosaDefaults.nFFT, hopLength: Int = LibrosaDefaults.hopLength
    ) -> [Double] {
        let frames = melDb.count / nMels
        let delay = 1 + nFFT / (2 * hopLength)
        var envelope = [Double](repeating: 0, count: frames)
        var flux = [Double](repeating: 0, count: nMels)
        var positive: [Double] = []
        positive.reserveCapacity(nMels)
        melDb.withUnsafeBufferPointer { db in
            for t in delay..<max(delay, frames) {
                let now = t - delay + 1
                for m in 0..<nMels {
                    flux[m] = max(0, Double(db[now * nMels + m]) - Double(db[(now - 1) * nMels + m]))
                }
                switch aggregate {
                case .mean: envelope[t] = flux.reduce(0, +) / Double(nMels)
                case .median: envelope[t] = medianOfNonNegative(flux, scratch: &positive)
                }
            }
        }
        return envelope
    }

    /// `np.median` of values that are all ≥ 0, typically many of them exactly 0
    /// (bands whose level fell): the zeros are the smallest values, so only the
    /// positive ones are put in order.
    /// - Parameter scratch: reused storage for the positive values.
    static func medianOfNonNegative(_ values: [Double], scratch positive: inout [Double]) -> Double {
        let n = values.count
        guard n > 0 else { return 0 }
        positive.removeAll(keepingCapacity: true)
        for v in values where v > 0 { positive.append(v) }
        let zeros = n - positive.count
        let middle = n / 2
        // The upper middle value; after selection everything before it is ≤ it.
        let upper = middle < zeros ? 0 : Statistics.select(&positive, middle - zeros)
        guard n % 2 == 0 else { return upper }
        let lower = middle - 1 < zeros ? 0 : (positive[0..<(middle - zeros)].max() ?? upper)
        return (lower + upper) / 2
    }

    /// Onset frames: peaks of the envelope scaled to [0, 1].
    ///
    /// Port of `librosa.onset.onset_detect(onset_envelope:, normalize=True,
    /// backtrack=False)` (librosa 0.11.0) with its default peak-picking windows
    /// at 22050 Hz, hop 512: pre_max 1, post_max 1, pre_avg 4, post_avg 5,
    /// wait 1 frame, delta 0.07.
    /// - Returns: `[onset]` frame indices, ascending.
    static func onsetDetect(
        onsetEnvelope: [Double], sr: Double = LibrosaDefaults.sr, hopLength: Int = LibrosaDefaults.hopLength
    ) -> [Int] {
        guard let lo = onsetEnvelope.min(), let hi = onsetEnvelope.max() else { return [] }
        let scale = (hi - lo) + Double.leastNormalMagnitude
        let x = onsetEnvelope.map { ($0 - lo) / scale }
        guard x.contains(where: { $0 != 0 }), x.allSatisfy(\.isFinite) else { return [] }
        let frames = { (seconds: Double) in Int((seconds * sr / Double(hopLength)).rounded(.down)) }
        return peakPick(
            x, preMax: frames(0.03), postMax: frames(0) + 1, preAvg: frames(0.10),
            postAvg: frames(0.10) + 1, delta: 0.07, wait: frames(0.03)
        )
    }

    /// Greedy peak picking.
    ///
    /// Port of `librosa.util.peak_pick` (librosa 0.11.0; Böck, Krebs & Schedl,
    /// ISMIR 2012): `x[n]` is a peak when it is the maximum of
    /// `x[n − preMax ..< n + postMax]`, at least `mean(x[n − preAvg ..< n + postAvg]) + delta`,
    /// and more than `wait` samples after the previous peak.
    /// - Returns: `[peak]` indices, ascending.
    static func peakPick(
        _ x: [Double], preMax: Int, postMax: Int, preAvg: Int, postAvg: Int, delta: Double, wait: Int
    ) -> [Int] {
        let count = x.count
        guard count > 0 else { return [] }
        func isPeak(_ n: Int) -> Bool {
            let maxWindow = x[max(0, n - preMax)..<min(count, n + postMax)]
            guard x[n] == maxWindow.max() else { return false }
            let avgWindow = x[max(0, n - preAvg)..<min(count, n + postAvg)]
            return x[n] >= avgWindow.reduce(0, +) / Double(avgWindow.count) + delta
        }
        var peaks: [Int] = []
        // The first sample only looks forward (librosa special-cases it).
        let firstMax = x[0..<min(postMax, count)].max() ?? x[0]
        let firstAvg = x[0..<min(postAvg, count)].reduce(0, +) / Double(min(postAvg, count))
        var n = 1
        if x[0] >= firstMax, x[0] >= firstAvg + delta {
            peaks.append(0)
            n = wait + 1
        }
        while n < count {
            if isPeak(n) {
                peaks.append(n)
                n += wait + 1
            } else {
                n += 1
            }
        }
        return peaks
    }
}
