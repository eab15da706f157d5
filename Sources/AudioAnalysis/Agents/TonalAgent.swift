internal import AnalysisResults

/// Pitch content: key, tuning and the mean chroma.
public struct TonalAgent: AnalysisAgent {
    /// "tonal".
    public let name = "tonal"
    /// Tool description for chat models.
    public let description = """
        Tonal analysis of the track: the estimated musical key and mode (e.g. "A minor") with a \
        confidence and the three best candidates, the tuning offset from A440 in cents, and the mean \
        energy of each of the 12 pitch classes (chroma). Use it for questions about key, scale, \
        major or minor, chords, harmony, tuning or the pitch centre.
        """

    /// Creates the agent.
    public init() {}

    /// Computes `TonalAnalysis` for the context's signal.
    /// - Throws: `AnalysisError.tooShort` for an empty signal.
    public func analyze(_ context: AnalysisContext) throws -> AgentData {
        guard !context.signal.samples.isEmpty else {
            throw AnalysisError.tooShort(samples: 0, minimum: LibrosaDefaults.nFFT)
        }
        let sr = context.signal.sampleRate
        // librosa makes two tuning estimates: `estimate_tuning(y, sr)` (reported) reads the magnitude
        // spectrogram's peaks, `chroma_stft` the power spectrogram's; the shared STFT pass gathered both.
        let spectrogram = context.spectrogram
        let filterbank = Chroma.Filterbank(sr: sr, nFFT: LibrosaDefaults.nFFT, tuning: spectrogram.powerTuning)
        var estimator = KeyEstimator(sr: sr, nFFT: LibrosaDefaults.nFFT, tuning: spectrogram.powerTuning)
        var mean = [Double](repeating: 0, count: 12)
        var frames = 0
        var row = [Float](repeating: 0, count: 12)
        let frame = { (power: UnsafePointer<Float>) in
            row.withUnsafeMutableBufferPointer { r in
                guard let chroma = r.baseAddress else { return }
                filterbank.apply(power, into: chroma)
                for c in 0..<12 { mean[c] += Double(chroma[c]) }
            }
            estimator.add(power)
            frames += 1
        }
        if let power = spectrogram.power {
            power.withUnsafeBufferPointer { p in
                guard let base = p.baseAddress else { return }
                for t in 0..<(power.count / filterbank.bins) { frame(base + t * filterbank.bins) }
            }
        } else {
            // Too long to have kept its power spectrogram: one more STFT pass.
            var stft = STFT()
            context.withSamples { y in stft.forEachPowerSpectrum(y) { _, power in power.baseAddress.map(frame) } }
        }
        if frames > 0 { mean = mean.map { $0 / Double(frames) } }
        let estimate = estimator.estimate()
        let tonal = TonalAnalysis(
            key: estimate.map { Chroma.pitchClasses[$0.best.key.tonic] },
            mode: estimate.map { $0.best.key.mode.rawValue },
            keyLabel: estimate.map { $0.best.label },
            keyConfidence: estimate.map { ($0.confidence * 1000).rounded() / 1000 } ?? 0,
            keyCandidates: estimate?.ranked.prefix(3).map { .init(keyLabel: $0.label, score: ($0.score * 1000).rounded() / 1000) } ?? [],
            tuningOffsetCents: (100 * spectrogram.tuning * 10).rounded() / 10,
            chromaMean: PitchClassProfile(mean))
        return .tonal(tonal)
    }
}
