import Foundation

/// A Slaney-style mel filterbank stored sparsely: each band's non-zero run of FFT bins.
///
/// Port of `librosa.filters.mel` with `htk=False, norm="slaney"` (librosa 0.11.0).
/// librosa returns float32 weights; so do we.
public struct MelFilterbank: Sendable {
    /// One triangular band: weights for bins `firstBin ..< firstBin + weights.count`.
    struct Band: Sendable {
        let firstBin: Int
        let weights: [Float]
    }

    let bands: [Band]
    /// Number of FFT bins the filterbank expects (`1 + nFFT/2`).
    public let binCount: Int
    /// The bands again for `apply`, in one array: band `m` is `width[m]` weights from
    /// `offset[m]`, applied to bins from `start[m]`. Each run is zero-padded to a
    /// multiple of 8 (moved to lower bins where it would pass the last bin) so every
    /// product is whole SIMD steps, with no per-band array to retain.
    private let packedWeights: [Float]
    private let packedStart: [Int]
    private let packedOffset: [Int]
    private let packedWidth: [Int]

    /// Builds the filterbank.
    /// - Parameters:
    ///   - sr: sampling rate in Hz, > 0; default 22050.
    ///   - nFFT: FFT length in samples, > 0; default 2048.
    ///   - nMels: number of bands, > 0; default 128.
    ///   - fmin: lowest frequency in Hz, ≥ 0; default 0.
    ///   - fmax: highest frequency in Hz; default `sr / 2`.
    public init(
        sr: Double = LibrosaDefaults.sr, nFFT: Int = LibrosaDefaults.nFFT,
        nMels: Int = LibrosaDefaults.nMels, fmin: Double = 0, fmax: Double? = nil
    ) {
        binCount = 1 + nFFT / 2
        let fftFreqs = (0..<binCount).map { Double($0) * sr / Double(nFFT) }
        let melF = Self.melFrequencies(count: nMels + 2, fmin: fmin, fmax: fmax ?? sr / 2)
        var bands: [Band] = []
        bands.reserveCapacity(nMels)
        for i in 0..<nMels {
            let lowerDiff = melF[i + 1] - melF[i]
            let upperDiff = melF[i + 2] - melF[i + 1]
            let enorm = 2 / (melF[i + 2] - melF[i])
            let row = fftFreqs.map { f -> Float in
                let lower = -(melF[i] - f) / lowerDiff
                let upper = (melF[i + 2] - f) / upperDiff
                return Float(max(0, min(lower, upper)) * enorm)
            }
            let first = row.firstIndex { $0 != 0 } ?? 0
            let last = row.lastIndex { $0 != 0 } ?? -1
            bands.append(Band(firstBin: first, weights: last >= first ? Array(row[first...last]) : []))
        }
        self.bands = bands
        var packedWeights: [Float] = []
        var packedStart: [Int] = []
        var packedOffset: [Int] = []
        var packedWidth: [Int] = []
        for band in bands {
            let padded = (band.weights.count + 7) / 8 * 8
            // A run too wide to pad (tiny FFTs only) keeps its length and a scalar tail.
            let width = padded <= binCount ? padded : band.weights.count
            let start = max(0, min(band.firstBin, binCount - width))
            var run = [Float](repeating: 0, count: width)
            for (i, w) in band.weights.enumerated() where band.firstBin + i - start < width {
                run[band.firstBin + i - start] = w
            }
            packedStart.append(start)
            packedOffset.append(packedWeights.count)
            packedWidth.append(width)
            packedWeights += run
        }
        self.packedWeights = packedWeights
        self.packedStart = packedStart
        self.packedOffset = packedOffset
        self.packedWidth = packedWidth
    }

    /// Applies the filterbank to one power spectrum.
    /// - Parameters:
    ///   - power: `[binCount]` power spectrum of one frame.
    ///   - output: receives `[nMels]` band energies.
    func apply(_ power: UnsafeBufferPointer<Float>, into output: UnsafeMutablePointer<Double>) {
        guard let p = power.baseAddress, power.count >= binCount else {
            preconditionFailure("mel filterbank applied to \(power.count) bins, expects \(binCount)")
        }
        packedWeights.withUnsafeBufferPointer { wb in
            packedStart.withUnsafeBufferPointer { start in
                packedOffset.withUnsafeBufferPointer { offset in
                    packedWidth.withUnsafeBufferPointer { width in
                        guard let w = wb.baseAddress else { return }
                        for m in 0..<start.count {
                            let (a, b) = (w + offset[m], p + start[m])
                            var acc = Vector.V.zero
                            var i = 0
                            while i + 8 <= width[m] {
                                acc += Vector.load(a + i) * Vector.load(b + i)
                                i += 8
                            }
                            var sum = acc.sum()
                            while i < width[m] {
                                sum += a[i] * b[i]
                                i += 1
                            }
                            output[m] = Double(sum)
                        }
                    }
                }
            }
        }
    }

    /// The filterbank for librosa's defaults (22050 Hz, nFFT 2048, 128 bands), built once.
    static let librosaDefault = MelFilterbank()

    /// `count` frequencies evenly spaced on the Slaney mel scale.
    ///
    /// Port of `librosa.mel_frequencies(htk=False)` (librosa 0.11.0).
    static func melFrequencies(count: Int, fmin: Double, fmax: Double) -> [Double] {
        let lo = hzToMel(fmin)
        let hi = hzToMel(fmax)
        guard count > 1 else { return [melToHz(lo)] }
        let step = (hi - lo) / Double(count - 1)
        return (0..<count).map { i in melToHz(i == count - 1 ? hi : lo + Double(i) * step) }
    }

    // Slaney's Auditory Toolbox scale: linear below 1 kHz (200/3 Hz per mel),
    // logarithmic above (27 mels per factor 6.4).
    private static let fSp = 200.0 / 3
    private static let minLogHz = 1000.0
    private static let minLogMel = minLogHz / fSp
    private static let logStep = log(6.4) / 27

    /// Port of `librosa.hz_to_mel(htk=False)` (librosa 0.11.0).
    static func hzToMel(_ hz: Double) -> Double {
        hz >= minLogHz ? minLogMel + log(hz / minLogHz) / logStep : hz / fSp
    }

    /// Port of `librosa.mel_to_hz(htk=False)` (librosa 0.11.0).
    static func melToHz(_ mel: Double) -> Double {
        mel >= minLogMel ? minLogHz * exp(logStep * (mel - minLogMel)) : fSp * mel
    }
}
