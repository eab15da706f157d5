import Foundation

/// Per-frame spectral shape statistics from one power spectrum.
///
/// Each function is the single-frame core of a librosa feature computed on the
/// magnitude spectrogram `S = |X|` (`power=1`), where `X` is the centred STFT:
/// `spectralCentroid`, `spectralBandwidth`, `spectralRolloff` and `spectralFlatness`.
struct SpectralKernel: Sendable {
    /// Bin centre frequencies in Hz (`librosa.fft_frequencies`).
    let frequencies: [Double]
    let rollPercent: Double
    let flatnessAmin: Double

    /// - Parameters:
    ///   - sr: sampling rate in Hz; default 22050.
    ///   - nFFT: FFT length; default 2048.
    ///   - rollPercent: energy fraction for the rolloff, in (0, 1); default 0.85.
    init(sr: Double = LibrosaDefaults.sr, nFFT: Int = LibrosaDefaults.nFFT,
         rollPercent: Double = LibrosaDefaults.rollPercent, flatnessAmin: Double = LibrosaDefaults.amin) {
        frequencies = (0...nFFT / 2).map { Double($0) * sr / Double(nFFT) }
        self.rollPercent = rollPercent
        self.flatnessAmin = flatnessAmin
    }

    /// Centroid, bandwidth (p = 2), rolloff and flatness of one frame.
    /// - Parameters:
    ///   - power: `[bin]` power spectrum `|X|²` of one frame.
    ///   - magnitude: scratch of the same length; receives `|X|`.
    func measure(power: UnsafeBufferPointer<Float>, magnitude: UnsafeMutableBufferPointer<Float>) -> FrameShape {
        var total: Double = 0
        var weighted: Double = 0
        for k in 0..<power.count {
            let s = power[k].squareRoot()
            magnitude[k] = s
            total += Double(s)
            weighted += Double(s) * frequencies[k]
        }
        // util.normalize leaves an all-zero column unnormalised (divides by 1).
        let norm = total < Double.leastNormalMagnitude ? 1 : total
        let centroid = weighted / norm
        var spread: Double = 0
        for k in 0..<power.count {
            let d = frequencies[k] - centroid
            spread += Double(magnitude[k]) * d * d
        }
        return FrameShape(
            centroid: centroid,
            bandwidth: (spread / norm).squareRoot(),
            rolloff: rolloff(UnsafeBufferPointer(magnitude), total: total),
            flatness: flatness(power)
        )
    }

    /// Lowest bin frequency at which the running magnitude sum reaches `rollPercent` of the total.
    private func rolloff(_ magnitude: UnsafeBufferPointer<Float>, total: Double) -> Double {
        let threshold = rollPercent * total
        var running: Double = 0
        for k in 0..<magnitude.count {
            running += Double(magnitude[k])
            if running >= threshold { return frequencies[k] }
        }
        return frequencies[magnitude.count - 1]
    }

    /// Geometric over arithmetic mean of `max(amin, |X|²)`.
    ///
    /// The geometric mean is the product of the values taken as mantissa and
    /// binary exponent, renormalised every 16 factors so it cannot overflow:
    /// one `log` per frame instead of one per bin.
    private func flatness(_ power: UnsafeBufferPointer<Float>) -> Double {
        var mantissa: Double = 1
        var exponent = 0
        var sum: Double = 0
        for k in 0..<power.count {
            let p = max(flatnessAmin, Double(power[k]))
            sum += p
            mantissa *= p
            if k & 15 == 15 {
                exponent += Int(mantissa.exponent)
                mantissa = mantissa.significand
            }
        }
        let n = Double(power.count)
        let logMean = (log(mantissa) + Double(exponent) * M_LN2) / n
        return exp(logMean) / (sum / n)
    }
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
