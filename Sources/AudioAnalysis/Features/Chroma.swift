internal import AnalysisResults
internal import Foundation
internal import Synchronization

/// Short-time chroma: the energy of each of the 12 pitch classes per frame.
///
/// Port of `librosa.filters.chroma` and `librosa.feature.chroma_stft` (librosa 0.11.0)
/// with their defaults: power spectrogram, tuning estimated from it, Gaussian
/// bumps around each pitch class weighted towards the middle octaves (`ctroct` 5,
/// `octwidth` 2), rows starting at C, each frame scaled to a maximum of 1 (`norm=inf`).
enum Chroma {
    /// Pitch-class names from C, with the spellings the API uses.
    static let pitchClasses = PitchClassProfile.names

    /// `librosa.filters.chroma(sr=sr, n_fft=n_fft, tuning=tuning)`.
    /// - Parameters:
    ///   - sr: sampling rate in Hz, > 0.
    ///   - nFFT: FFT length, > 0.
    ///   - tuning: deviation from A440 in fractions of a semitone, [−0.5, 0.5).
    ///   - nChroma: bins per octave; default 12.
    ///   - ctroct: centre of the octave weighting in octaves above 27.5 Hz; default 5.
    ///   - octwidth: its standard deviation in octaves; default 2.
    /// - Returns: `[chroma][bin]` row-major, `nChroma × (nFFT/2 + 1)` weights.
    static func filterbank(
        sr: Double, nFFT: Int, tuning: Double, nChroma: Int = 12, ctroct: Double = 5, octwidth: Double = 2
    ) -> [Float] {
        let key = FilterbankKey(sr: sr, nFFT: nFFT, tuning: tuning, nChroma: nChroma, ctroct: ctroct, octwidth: octwidth)
        if let cached = filterbanks.withLock({ $0[key] }) { return cached }
        let weights = computeFilterbank(key)
        filterbanks.withLock { cache in
            // Tunings come from a 100-bin histogram, so few keys recur; any entry makes room.
            if cache.count >= 24, let victim = cache.keys.first { cache[victim] = nil }
            cache[key] = weights
        }
        return weights
    }

    /// What a filterbank is made from.
    private struct FilterbankKey: Hashable {
        let sr: Double
        let nFFT: Int
        let tuning: Double
        let nChroma: Int
        let ctroct: Double
        let octwidth: Double
    }

    /// Filterbanks made so far (about 50 KB each at the defaults): making one took 12 000
    /// exponentials, and the tonal agent needs three per track.
    private static let filterbanks = Mutex<[FilterbankKey: [Float]]>([:])

    private static func computeFilterbank(_ key: FilterbankKey) -> [Float] {
        let (sr, nFFT, tuning, nChroma, ctroct, octwidth) = (key.sr, key.nFFT, key.tuning, key.nChroma, key.ctroct, key.octwidth)
        let n = Double(nChroma)
        let a440 = 440.0 * pow(2.0, tuning / n)
        // Fractional chroma bin of every FFT bin; 0 Hz is placed 1.5 octaves below bin 1.
        var frqbins = [Double](repeating: 0, count: nFFT)
        for k in 1..<nFFT {
            frqbins[k] = n * log2(Double(k) * sr / Double(nFFT) / (a440 / 16))
        }
        frqbins[0] = frqbins[1] - 1.5 * n
        var binwidth = [Double](repeating: 1, count: nFFT)
        for k in 0..<(nFFT - 1) { binwidth[k] = max(frqbins[k + 1] - frqbins[k], 1) }
        let half = (n / 2).rounded()
        let bins = nFFT / 2 + 1
        var weights = [Double](repeating: 0, count: nChroma * bins)
        for k in 0..<bins {
            var column = [Double](repeating: 0, count: nChroma)
            var norm = 0.0
            for c in 0..<nChroma {
                // np.remainder: the result takes the divisor's sign.
                let shifted = frqbins[k] - Double(c) + half + 10 * n
                let d = shifted - n * (shifted / n).rounded(.down) - half
                let w = exp(-0.5 * pow(2 * d / binwidth[k], 2))
                column[c] = w
                norm += w * w
            }
            norm = norm.squareRoot()
            let octave = exp(-0.5 * pow((frqbins[k] / n - ctroct) / octwidth, 2))
            for c in 0..<nChroma {
                // `base_c`: roll so row 0 is C rather than A.
                let row = (c - 3 * (nChroma / 12) + nChroma) % nChroma
                weights[row * bins + k] = (norm > 0 ? column[c] / norm : column[c]) * octave
            }
        }
        return weights.map { Float($0) }
    }

    /// The default filterbank's bins per frame and `[chroma][bin]` weights for a tuning.
    struct Filterbank {
        let bins: Int
        let weights: [Float]

        init(sr: Double, nFFT: Int, tuning: Double) {
            bins = nFFT / 2 + 1
            weights = Chroma.filterbank(sr: sr, nFFT: nFFT, tuning: tuning)
        }

        /// One frame of `chroma_stft`: the weighted sums of `power`, scaled to a maximum of 1
        /// (an all-zero frame stays zero, as `util.normalize` leaves it).
        func apply(_ power: UnsafePointer<Float>, into chroma: UnsafeMutablePointer<Float>) {
            var peak: Float = 0
            weights.withUnsafeBufferPointer { w in
                guard let w = w.baseAddress else { return }
                for c in 0..<12 {
                    let value = Vector.dot(w + c * bins, power, count: bins)
                    chroma[c] = value
                    peak = max(peak, abs(value))
                }
            }
            guard peak >= Float.leastNormalMagnitude else { return }
            for c in 0..<12 { chroma[c] /= peak }
        }
    }
}
