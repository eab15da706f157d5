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
        let tonal = context.withSamples { y -> TonalAnalysis in
            let tuning = TonalTuning(y: y, sr: sr)
            let chroma = Chroma.chromaSTFT(y: y, sr: sr, tuning: tuning.chroma)
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
                tuningOffsetCents: (100 * tuning.reported * 10).rounded() / 10,
                chromaMean: PitchClassProfile(mean))
        }
        return .tonal(tonal)
    }
}

/// The two tuning estimates librosa makes: the one `estimate_tuning(y, sr)` reports
/// (peaks of the magnitude spectrogram) and the one `chroma_stft` builds its filters
/// with (peaks of the power spectrogram). One STFT pass gathers both.
struct TonalTuning {
    /// `librosa.estimate_tuning(y=y, sr=sr)`, in fractions of a semitone.
    let reported: Double
    /// `librosa.estimate_tuning(S=|stft(y)|², sr=sr)`, as inside `chroma_stft`.
    let chroma: Double

    init(y: UnsafeBufferPointer<Float>, sr: Double) {
        var stft = STFT()
        var magnitudePeaks = SpectralPeaks(sr: sr, nFFT: LibrosaDefaults.nFFT)
        var powerPeaks = magnitudePeaks
        stft.forEachSpectrum(y) { _, power, magnitude in
            magnitudePeaks.collect(magnitude)
            powerPeaks.collect(power)
        }
        reported = magnitudePeaks.tuning()
        chroma = powerPeaks.tuning()
    }
}
