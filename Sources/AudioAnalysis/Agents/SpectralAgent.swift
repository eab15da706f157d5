internal import AnalysisResults

/// Frequency-content features: spectral shape, dominant frequencies, MFCCs.
public struct SpectralAgent: AnalysisAgent {
    /// "spectral".
    public let name = "spectral"
    /// Tool description for chat models.
    public let description = """
        Spectral analysis of the track's frequency content: spectral centroid (brightness, Hz), \
        bandwidth and 85% rolloff (Hz), spectral flatness with a tonal/noisy reading, the five \
        strongest frequencies of the whole-track spectrum, and mean/std of the first five MFCCs \
        (timbre). Use it for questions about pitch, brightness, timbre, tone or noise.
        """

    /// Creates the agent.
    public init() {}

    /// Computes `SpectralAnalysis` for the context's signal.
    /// - Throws: `AnalysisError.tooShort` for an empty signal.
    public func analyze(_ context: AnalysisContext) throws -> AgentData {
        guard !context.signal.samples.isEmpty else {
            throw AnalysisError.tooShort(samples: 0, minimum: LibrosaDefaults.nFFT)
        }
        // The whole-signal FFT first: its buffer is gone before the spectrogram is built.
        let dominant = context.withSamples { DominantFrequencies.top(y: $0, sr: context.signal.sampleRate) }
        let s = context.spectrogram
        let flatness = Statistics.mean(s.flatness)
        let mfcc = s.mfcc(nMFCC: 5)
        return .spectral(
            SpectralAnalysis(
                spectralCentroid: SummaryStatistics(s.centroid),
                spectralBandwidth: MeanStd(s.bandwidth),
                spectralRolloff: MeanStd(s.rolloff),
                spectralFlatness: .init(mean: flatness, interpretation: flatness < 0.1 ? "tonal" : "noisy"),
                dominantFrequencies: dominant.map { .init(frequencyHz: $0.frequencyHz, magnitude: $0.magnitude) },
                mfccSummary: .init(coefficients: mfcc.map { MeanStd($0) })
            ))
    }
}
