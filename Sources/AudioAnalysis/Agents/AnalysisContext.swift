/// One signal under analysis plus the intermediate results the agents share.
///
/// The spectral and rhythm agents both need the log-mel spectrogram; the
/// context computes it once, on first use, and keeps it for the next agent.
/// A context belongs to one analysis on one thread.
public final class AnalysisContext {
    /// The signal being analysed.
    public let signal: AudioSignal
    /// Loudness measured on the original audio while decoding; nil when only the mono signal was given.
    public let loudness: LoudnessMeasurement?

    private var cachedSpectrogram: Spectrogram?
    private var cachedOnsetMean: [Double]?

    /// - Parameters:
    ///   - signal: the mono signal to analyse.
    ///   - loudness: the original audio's loudness, measured while decoding; default nil.
    public init(signal: AudioSignal, loudness: LoudnessMeasurement? = nil) {
        self.signal = signal
        self.loudness = loudness
    }

    /// Runs `body` over the samples without copying them.
    func withSamples<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try signal.samples.withUnsafeBufferPointer(body)
    }

    /// Spectral shape and log-mel spectrogram of the signal (one STFT pass).
    var spectrogram: Spectrogram {
        if let cachedSpectrogram { return cachedSpectrogram }
        let s = withSamples { Spectrogram(y: $0, sr: signal.sampleRate) }
        cachedSpectrogram = s
        return s
    }

    /// `librosa.onset.onset_strength(y, sr)` (mean over mel bands).
    var onsetEnvelope: [Double] {
        if let cachedOnsetMean { return cachedOnsetMean }
        let s = spectrogram
        let envelope = Onset.onsetStrength(melDb: s.melDb, nMels: s.nMels, aggregate: .mean)
        cachedOnsetMean = envelope
        return envelope
    }
}

@available(*, unavailable, message: "a context caches results for one analysis on one thread")
extension AnalysisContext: Sendable {}
