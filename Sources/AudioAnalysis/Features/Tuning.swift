internal import Foundation

/// Tuning estimation: how far the pitches present sit from the A440 equal-tempered grid.
///
/// Port of `librosa.estimate_tuning`, `librosa.piptrack` and `librosa.pitch_tuning`
/// (librosa 0.11.0), organised so one STFT pass can feed it frame by frame (`SpectralPeaks`).
enum Tuning {
    /// Bin edges of `pitch_tuning`'s histogram: `np.linspace(-0.5, 0.5, 101)`.
    static let histogramEdges: [Double] = (0...100).map { $0 == 100 ? 0.5 : Double($0) * 0.01 - 0.5 }

    /// The histogram bin of a residual in [−0.5, 0.5), as `np.histogram` assigns it
    /// (the scaled index, corrected against the edges themselves).
    static func histogramBin(_ residual: Double) -> Int {
        let edges = histogramEdges
        var index = min(99, max(0, Int((residual + 0.5) * 100)))
        if residual < edges[index] { index -= 1 }
        if index < 99, residual >= edges[index + 1] { index += 1 }
        return max(0, index)
    }

    /// Where `frequencyHz` sits within its semitone, in [−0.5, 0.5): `mod(12·hz_to_octs(f), 1)`.
    static func residual(frequencyHz: Double) -> Double {
        var r = (12 * log2(frequencyHz / (440.0 / 16))).truncatingRemainder(dividingBy: 1)
        if r < 0 { r += 1 }
        if r >= 0.5 { r -= 1 }
        return r
    }
}

/// The spectral peaks of `librosa.piptrack` gathered frame by frame, reduced to what
/// `estimate_tuning` needs: each peak's histogram bin and interpolated magnitude.
///
/// Per frame: bins with `fmin ≤ f < fmax` (150 … 4000 Hz) that are local maxima of
/// the spectrum after zeroing values at or below `threshold · max(frame)`; the peak
/// frequency comes from parabolic interpolation over its neighbours.
struct SpectralPeaks {
    private let sr: Double
    private let nFFT: Int
    private let lowBin: Int
    private let highBin: Int
    private let threshold: Float
    /// `[peak]` histogram bin of the peak's residual (0 … 99).
    private(set) var bins: [UInt8] = []
    /// `[peak]` interpolated magnitude `S + ½·gradient·shift`.
    private(set) var magnitudes: [Float] = []

    /// - Parameters:
    ///   - sr: sampling rate in Hz.
    ///   - nFFT: FFT length.
    ///   - fmin: lowest frequency in Hz; default 150.
    ///   - fmax: frequencies below this in Hz; default 4000.
    ///   - threshold: fraction of each frame's maximum a peak must exceed; default 0.1.
    init(sr: Double, nFFT: Int, fmin: Double = 150, fmax: Double = 4000, threshold: Float = 0.1) {
        self.sr = sr
        self.nFFT = nFFT
        self.threshold = threshold
        let binHz = sr / Double(nFFT)
        let top = min(fmax, sr / 2)
        lowBin = max(1, Int((max(fmin, 0) / binHz).rounded(.up)))
        // Bins strictly below fmax, and never the last bin (it has no right neighbour).
        highBin = min(nFFT / 2 - 1, Int((top / binHz).rounded(.up)) - 1)
    }

    /// Adds one frame's peaks.
    /// - Parameter s: `[bin]` the frame's spectrum (magnitude or power), `nFFT/2 + 1` values.
    mutating func collect(_ s: UnsafeBufferPointer<Float>) {
        guard highBin >= lowBin, let base = s.baseAddress else { return }
        var peak: Float = 0
        for v in s where v > peak { peak = v }
        let floor = threshold * peak
        // `S * (S > ref)`: values at or below the floor count as zero for the local-max test.
        @inline(__always) func gated(_ k: Int) -> Float { base[k] > floor ? base[k] : 0 }
        for k in lowBin...highBin {
            let here = gated(k)
            guard here > 0, here > gated(k - 1), here >= gated(k + 1) else { continue }
            let left = base[k - 1]
            let centre = base[k]
            let right = base[k + 1]
            let a = right + left - 2 * centre
            let b = (right - left) / 2
            let shift: Float = abs(b) >= abs(a) ? 0 : -b / a
            let frequency = (Double(k) + Double(shift)) * sr / Double(nFFT)
            guard frequency > 0 else { continue }
            bins.append(UInt8(Tuning.histogramBin(Tuning.residual(frequencyHz: frequency))))
            magnitudes.append(centre + 0.5 * b * shift)
        }
    }

    /// `estimate_tuning`: the most common residual among peaks at least as strong as
    /// the median peak; 0 when there are none.
    func tuning() -> Double {
        guard !magnitudes.isEmpty else { return 0 }
        var sorted = magnitudes.map(Double.init)
        let median = Statistics.median(&sorted)
        var counts = [Int](repeating: 0, count: 100)
        for (bin, magnitude) in zip(bins, magnitudes) where Double(magnitude) >= median {
            counts[Int(bin)] += 1
        }
        var best = 0
        for i in 1..<counts.count where counts[i] > counts[best] { best = i }
        return Tuning.histogramEdges[best]
    }
}
