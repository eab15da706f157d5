/// Everything the agents need from the STFT, computed in one pass over the frames.
///
/// Holds per-frame spectral shape (`[frame]`), the log-mel spectrogram
/// (`[frame][nMels]`, already clipped to `topDb` below its peak) that both the
/// MFCCs and the onset strength envelope are built from, and the spectral peaks
/// the two tuning estimates need. The power spectrogram itself is kept only
/// while it fits `retainedPowerBytes` (short files), so chroma can be built from
/// it once the tuning is known without a second STFT pass.
struct Spectrogram: Sendable {
    let frameCount: Int
    let nMels: Int
    /// `[frame]` librosa.feature.spectral_centroid in Hz.
    let centroid: [Double]
    /// `[frame]` librosa.feature.spectral_bandwidth in Hz.
    let bandwidth: [Double]
    /// `[frame]` librosa.feature.spectral_rolloff in Hz.
    let rolloff: [Double]
    /// `[frame]` librosa.feature.spectral_flatness.
    let flatness: [Double]
    /// `[frame][nMels]` power_to_db(melspectrogram(y)), row-major by frame.
    let melDb: [Float]
    /// `librosa.estimate_tuning(y=y, sr=sr)`: from the magnitude spectrogram's peaks.
    let tuning: Double
    /// `librosa.estimate_tuning(S=power, sr=sr)`: the tuning `chroma_stft` builds its filters with.
    let powerTuning: Double
    /// `[frame][bin]` |X|², row-major by frame, when it fitted `retainedPowerBytes`; else nil.
    let power: [Float]?

    /// The largest power spectrogram kept for chroma: 16 MB is about 90 s at 22 050 Hz.
    static let retainedPowerBytes = 16 << 20

    /// Runs the pass.
    /// - Parameters:
    ///   - y: mono signal.
    ///   - sr: sampling rate in Hz; default 22050.
    ///   - nFFT: FFT length; default 2048.
    ///   - hopLength: samples between frames; default 512.
    ///   - nMels: mel bands; default 128.
    init(
        y: UnsafeBufferPointer<Float>, sr: Double = LibrosaDefaults.sr,
        nFFT: Int = LibrosaDefaults.nFFT, hopLength: Int = LibrosaDefaults.hopLength,
        nMels: Int = LibrosaDefaults.nMels
    ) {
        var stft = STFT(nFFT: nFFT, hopLength: hopLength)
        let frames = stft.frameCount(length: y.count)
        let isDefault = sr == LibrosaDefaults.sr && nFFT == LibrosaDefaults.nFFT && nMels == LibrosaDefaults.nMels
        let kernel = isDefault ? SpectralKernel.librosaDefault : SpectralKernel(sr: sr, nFFT: nFFT)
        let mel = isDefault ? MelFilterbank.librosaDefault : MelFilterbank(sr: sr, nFFT: nFFT, nMels: nMels)
        var centroid = [Double](repeating: 0, count: frames)
        var bandwidth = centroid
        var rolloff = centroid
        var flatness = centroid
        var melDb = [Float](repeating: 0, count: frames * nMels)
        var bands = [Double](repeating: 0, count: nMels)
        var magnitudePeaks = SpectralPeaks(sr: sr, nFFT: nFFT)
        var powerPeaks = magnitudePeaks
        let bins = stft.binCount
        var retained: [Float]? =
            frames * bins * MemoryLayout<Float>.size <= Self.retainedPowerBytes
            ? [Float](repeating: 0, count: frames * bins) : nil
        stft.forEachSpectrum(y) { t, power, magnitude in
            magnitudePeaks.collect(magnitude)
            powerPeaks.collect(power)
            retained?.withUnsafeMutableBufferPointer { rows in
                guard let row = rows.baseAddress, let source = power.baseAddress else { return }
                (row + t * bins).update(from: source, count: bins)
            }
            let shape = kernel.measure(power: power, magnitude: magnitude)
            centroid[t] = shape.centroid
            bandwidth[t] = shape.bandwidth
            rolloff[t] = shape.rolloff
            flatness[t] = shape.flatness
            bands.withUnsafeMutableBufferPointer { b in
                guard let bandValues = b.baseAddress else { return }
                mel.apply(power, into: bandValues)
                melDb.withUnsafeMutableBufferPointer { out in
                    guard let rows = out.baseAddress else { return }
                    Decibel.fastPowerToDb(bandValues, into: rows + t * nMels, count: nMels)
                }
            }
        }
        Decibel.clip(&melDb, topDb: Float(LibrosaDefaults.topDb))
        self.frameCount = frames
        self.nMels = nMels
        self.centroid = centroid
        self.bandwidth = bandwidth
        self.rolloff = rolloff
        self.flatness = flatness
        self.melDb = melDb
        tuning = magnitudePeaks.tuning()
        powerTuning = powerPeaks.tuning()
        power = retained
    }

    /// `[nMFCC][frame]` MFCCs: orthonormal DCT-II of each log-mel frame.
    ///
    /// Port of `librosa.feature.mfcc(n_mfcc:, dct_type=2, norm="ortho", lifter=0)` (librosa 0.11.0).
    func mfcc(nMFCC: Int = LibrosaDefaults.nMFCC) -> [[Double]] {
        let dct = DCT(inputCount: nMels, outputCount: nMFCC)
        var out = [[Double]](repeating: [Double](repeating: 0, count: frameCount), count: nMFCC)
        melDb.withUnsafeBufferPointer { db in
            guard let rows = db.baseAddress else { return }
            for t in 0..<frameCount {
                let frame = rows + t * nMels
                for k in 0..<nMFCC { out[k][t] = dct.coefficient(k, of: frame) }
            }
        }
        return out
    }
}
