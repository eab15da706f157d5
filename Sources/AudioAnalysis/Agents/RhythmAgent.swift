internal import AnalysisResults

/// Rhythm features: tempo, beats, onsets, tempogram peaks and the feel heuristics.
public struct RhythmAgent: AnalysisAgent {
    /// "rhythm".
    public let name = "rhythm"
    /// Tool description for chat models.
    public let description = """
        Rhythm analysis: estimated tempo in BPM, beat times and their regularity (inter-beat \
        interval mean, std and coefficient of variation), onset times and onset strength, the \
        strongest periodicities of the tempogram, and heuristics for time signature (4/4 or 3/4), \
        swing (0 straight to 1 triplet), steadiness (0 loose to 1 steady) and whether the music \
        starts with an upbeat. Use it for questions about tempo, beat, groove, meter or timing.
        """

    /// Creates the agent.
    public init() {}

    /// Computes `RhythmAnalysis` for the context's signal.
    /// - Throws: `AnalysisError.tooShort` for an empty signal.
    public func analyze(_ context: AnalysisContext) throws -> AgentData {
        guard !context.signal.samples.isEmpty else {
            throw AnalysisError.tooShort(samples: 0, minimum: LibrosaDefaults.nFFT)
        }
        let sr = context.signal.sampleRate
        let spectrogram = context.spectrogram
        let secondsPerFrame = Double(LibrosaDefaults.hopLength) / sr
        let medianEnvelope = Onset.onsetStrength(melDb: spectrogram.melDb, nMels: spectrogram.nMels, aggregate: .median)
        let (tempo, beatFrames) = Beat.beatTrack(onsetEnvelope: medianEnvelope, sr: sr)
        let envelope = context.onsetEnvelope
        let onsetFrames = Onset.onsetDetect(onsetEnvelope: envelope, sr: sr)
        let beatTimes = beatFrames.map { Double($0) * secondsPerFrame }
        let onsetTimes = onsetFrames.map { Double($0) * secondsPerFrame }
        let stability = Self.stability(beatTimes)
        let feel = RhythmFeel(beatFrames: beatFrames, beatTimes: beatTimes, onsetTimes: onsetTimes, envelope: envelope)
        return .rhythm(
            RhythmAnalysis(
                tempoBpm: tempo,
                beatCount: beatFrames.count,
                beatTimes: beatTimes,
                tempoStability: stability,
                onsetCount: onsetFrames.count,
                onsetTimes: onsetTimes,
                onsetStrength: .init(
                    mean: Statistics.mean(envelope), max: envelope.max() ?? 0, std: Statistics.std(envelope)
                ),
                tempoRange: .init(dominantTempos: Self.dominantTempos(envelope, sr: sr)),
                timeSignature: feel.timeSignature,
                swing: feel.swing,
                steadiness: Self.rounded(min(1, max(0, 1 - stability.cv / 0.5))),
                upbeat: feel.upbeat
            ))
    }

    /// Inter-beat interval statistics; all zero with fewer than 2 beats.
    static func stability(_ beatTimes: [Double]) -> RhythmAnalysis.TempoStability {
        guard beatTimes.count >= 2 else { return .init(meanIbi: 0, stdIbi: 0, cv: 0) }
        let ibis = zip(beatTimes.dropFirst(), beatTimes).map { $0 - $1 }
        let mean = Statistics.mean(ibis)
        let std = Statistics.std(ibis)
        return .init(meanIbi: mean, stdIbi: std, cv: mean == 0 ? 0 : std / mean)
    }

    /// Tempi of the three strongest rows of the time-averaged tempogram, strongest
    /// first (higher row first among ties), without the infinite lag-0 row.
    static func dominantTempos(_ envelope: [Double], sr: Double) -> [Double] {
        let mean = Tempogram.meanTempogram(onsetEnvelope: envelope)
        let bpms = Tempogram.tempoFrequencies(mean.count, sr: sr)
        let top = mean.indices.sorted { a, b in
            mean[a] != mean[b] ? mean[a] > mean[b] : a > b
        }.prefix(3)
        return top.map { bpms[$0] }.filter { $0.isFinite && $0 > 0 }
    }

    /// Python's `round(x, 3)` for the values we report.
    static func rounded(_ x: Double) -> Double {
        (x * 1000).rounded(.toNearestOrEven) / 1000
    }
}
