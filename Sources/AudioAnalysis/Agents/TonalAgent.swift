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
        let chroma = spectrogram.power.map { Chroma.chromaSTFT(power: $0, sr: sr, tuning: spectrogram.powerTuning) }
            ?? context.withSamples { Chroma.chromaSTFT(y: $0, sr: sr, tuning: spectrogram.powerTuning) }
        let tonal = { () -> TonalAnalysis in
            let frames = chroma.count / 12
            var mean = [Double](repeating: 0, count: 12)
            for t in 0..<frames {
                for c in 0..<12 { mean[c] += Double(chroma[t * 12 + c]) }
            }
            if frames > 0 { for c in 0..<12 { mean[c] /= Double(frames) } }
            let estimate = KeyEstimator().estimate(chroma: chroma)
            return TonalAnalysis(
                key: estimate.map { Chroma.pitchClasses[$0.best.tonic] },
                mode: estimate.map { $0.best.mode.rawValue },
                keyLabel: estimate.map { $0.best.label },
                keyConfidence: estimate?.confidence ?? 0,
                keyCandidates: estimate?.ranked.prefix(3).map { .init(keyLabel: $0.label, score: ($0.score * 1000).rounded() / 1000) } ?? [],
                tuningOffsetCents: (100 * spectrogram.tuning * 10).rounded() / 10,
                chromaMean: PitchClassProfile(mean))
        }()
        return .tonal(tonal)
    }
}
