import Foundation

/// Per-frame spectral shape statistics from one power spectrum.
///
/// Each function is the single-frame core of a librosa feature computed on the
/// magnitude spectrogram `S = |X|` (`power=1`), where `X` is the centred STFT:
/// `spectralCentroid`, `spectralBandwidth`, `spectralRolloff` and `spectralFlatness`.
struct SpectralKernel: Sendable {
    /// Bin centre frequencies in Hz (`librosa.fft_frequencies`).
    let frequencies: [Double]
    private let frequenciesFloat: [Float]
    let rollPercent: Double
    let flatnessAmin: Double

    /// - Parameters:
    ///   - sr: sampling rate in Hz; default 22050.
    ///   - nFFT: FFT length; default 2048.
    ///   - rollPercent: energy fraction for the rolloff, in (0, 1); default 0.85.
    init(
        sr: Double = LibrosaDefaults.sr, nFFT: Int = LibrosaDefaults.nFFT,
        rollPercent: Double = LibrosaDefaults.rollPercent, flatnessAmin: Double = LibrosaDefaults.amin
    ) {
        frequencies = (0...nFFT / 2).map { Double($0) * sr / Double(nFFT) }
        frequenciesFloat = frequencies.map { Float($0) }
        self.rollPercent = rollPercent
        self.flatnessAmin = flatnessAmin
    }

    /// Centroid, bandwidth (p = 2), rolloff and flatness of one frame.
    /// - Parameters:
    ///   - power: `[bin]` power spectrum `|X|²` of one frame.
    ///   - magnitude: `[bin]` magnitude spectrum `|X|` of the same frame.
    func measure(power: UnsafeBufferPointer<Float>, magnitude: UnsafeBufferPointer<Float>) -> FrameShape {
        guard let p = power.baseAddress, let s = magnitude.baseAddress else {
            return FrameShape(centroid: 0, bandwidth: 0, rolloff: 0, flatness: 1)
        }
        return frequenciesFloat.withUnsafeBufferPointer { fb in
            guard let f = fb.baseAddress else { return FrameShape(centroid: 0, bandwidth: 0, rolloff: 0, flatness: 1) }
            let n = min(power.count, magnitude.count, fb.count)
            var sums = (Vector.V.zero, Vector.V.zero)
            var i = 0
            while i + 8 <= n {
                let m = Vector.load(s + i)
                sums.0 += m
                sums.1 += m * Vector.load(f + i)
                i += 8
            }
            var total = Double(sums.0.sum())
            var weighted = Double(sums.1.sum())
            while i < n {
                total += Double(s[i])
                weighted += Double(s[i]) * frequencies[i]
                i += 1
            }
            // util.normalize leaves an all-zero column unnormalised (divides by 1).
            let norm = total < Double.leastNormalMagnitude ? 1 : total
            let centroid = weighted / norm
            let bandwidth = (spread(s, f, count: n, around: centroid) / norm).squareRoot()
            let rolloff = rolloff(s, count: n, total: total)
            let flatness = flatness(p, count: n)
            return FrameShape(centroid: centroid, bandwidth: bandwidth, rolloff: rolloff, flatness: flatness)
        }
    }

    /// `Σ |X[k]|·(f[k] − centroid)²`.
    private func spread(_ s: UnsafePointer<Float>, _ f: UnsafePointer<Float>, count n: Int, around centroid: Double) -> Double {
        let c = Vector.V(repeating: Float(centroid))
        var acc = Vector.V.zero
        var i = 0
        while i + 8 <= n {
            let d = Vector.load(f + i) - c
            acc += Vector.load(s + i) * d * d
            i += 8
        }
        var total = Double(acc.sum())
        while i < n {
            let d = frequencies[i] - centroid
            total += Double(s[i]) * d * d
            i += 1
        }
        return total
    }

    /// Lowest bin frequency at which the running magnitude sum reaches `rollPercent` of the total.
    private func rolloff(_ s: UnsafePointer<Float>, count n: Int, total: Double) -> Double {
        let threshold = rollPercent * total
        var running: Double = 0
        var i = 0
        // Whole blocks of 8 until the block that crosses the threshold, then bin by bin.
        while i + 8 <= n {
            let block = Double(Vector.load(s + i).sum())
            if running + block >= threshold { break }
            running += block
            i += 8
        }
        while i < n {
            running += Double(s[i])
            if running >= threshold { return frequencies[i] }
            i += 1
        }
        return frequencies[n - 1]
    }

    /// Geometric over arithmetic mean of `max(amin, |X|²)`.
    ///
    /// The geometric mean is a product kept as float mantissas and integer
    /// binary exponents per SIMD lane, renormalised every three factors (with
    /// factors in [1e-10, 4.2e6] that never leaves float's normal range): one
    /// `log` per lane instead of one per bin.
    private func flatness(_ p: UnsafePointer<Float>, count n: Int) -> Double {
        let amin = Float(flatnessAmin)
        // The floor as a lane-wise select (one maxps); `pointwiseMax` would be an outlined call.
        let floor = Vector.V(repeating: amin)
        var mantissa = Vector.V(repeating: 1)
        var exponent = SIMD8<Int32>.zero
        var sum = Vector.V.zero
        var i = 0
        var steps = 0
        func renormalise() {
            let bits = unsafeBitCast(mantissa, to: SIMD8<UInt32>.self)
            exponent &+= SIMD8<Int32>(truncatingIfNeeded: (bits &>> 23) & 0xFF) &- 127
            mantissa = unsafeBitCast((bits & 0x807F_FFFF) | (127 << 23), to: Vector.V.self)
        }
        while i + 8 <= n {
            let v = Vector.larger(Vector.load(p + i), floor)
            sum += v
            mantissa *= v
            steps += 1
            if steps == 3 {
                renormalise()
                steps = 0
            }
            i += 8
        }
        renormalise()
        var logSum = Double(exponent.wrappedSum()) * M_LN2
        for lane in 0..<8 { logSum += log(Double(mantissa[lane])) }
        var total = Double(sum.sum())
        while i < n {
            let v = Double(max(amin, p[i]))
            logSum += log(v)
            total += v
            i += 1
        }
        let count = Double(n)
        return exp(logSum / count) / (total / count)
    }

    /// The kernel for librosa's defaults (22050 Hz, nFFT 2048), built once.
    static let librosaDefault = SpectralKernel()
}

/// Spectral shape of one frame.
struct FrameShape: Sendable {
    /// Spectral centroid in Hz.
    var centroid: Double
    /// Spectral bandwidth (p = 2) in Hz.
    var bandwidth: Double
    /// Spectral rolloff frequency in Hz.
    var rolloff: Double
    /// Spectral flatness, 0 (tonal) ... 1 (white noise).
    var flatness: Double
}
