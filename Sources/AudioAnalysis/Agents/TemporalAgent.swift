internal import AnalysisResults

/// Time-domain features: amplitude, energy, zero crossings, envelope, silence.
public struct TemporalAgent: AnalysisAgent {
    /// "temporal".
    public let name = "temporal"
    /// Tool description for chat models.
    public let description = """
        Temporal analysis of the waveform: duration and sample count, amplitude statistics \
        (min, max, mean, std, peak-to-peak), RMS energy over time, dynamic range in dB, \
        zero-crossing rate, where the attack and the loudest peak of the envelope fall, and how \
        much of the track is non-silent. Use it for questions about loudness, dynamics, length, \
        silence or how the sound evolves over time.
        """

    /// Creates the agent.
    public init() {}

    /// Computes `TemporalAnalysis` for the context's signal.
    /// - Throws: `AnalysisError.tooShort` for fewer than 2 samples.
    public func analyze(_ context: AnalysisContext) throws -> AgentData {
        let y = context.signal.samples
        guard y.count >= 2 else {
            throw AnalysisError.tooShort(samples: y.count, minimum: LibrosaDefaults.nFFT)
        }
        return try context.withSamples { buffer in
            let rms = TemporalFeatures.rms(y: buffer)
            let zcr = TemporalFeatures.zeroCrossingRate(y: buffer)
            let peaks = Effects.preemphasisArgmax(y: buffer, prefixLength: max(1, y.count / 4))
            let intervals = Effects.split(rms: rms, count: y.count, topDb: 30)
            let nonSilent = intervals.reduce(0) { $0 + $1.count }
            let amplitude = Statistics.summary(buffer)
            return .temporal(
                TemporalAnalysis(
                    durationSeconds: Double(y.count) / context.signal.sampleRate,
                    sampleCount: y.count,
                    amplitude: .init(
                        min: amplitude.min, max: amplitude.max, mean: amplitude.mean, std: amplitude.std,
                        peakToPeak: amplitude.max - amplitude.min
                    ),
                    rmsEnergy: SummaryStatistics(rms),
                    dynamicRangeDb: try dynamicRange(rms),
                    zeroCrossingRate: MeanStd(zcr),
                    envelope: .init(attackSamples: peaks.prefix, peakPosition: Double(peaks.whole) / Double(y.count)),
                    nonSilentIntervals: intervals.count,
                    nonSilentRatio: intervals.isEmpty ? 0 : Double(nonSilent) / Double(y.count)
                ))
        }
    }

    /// max − min of `amplitude_to_db(rms, ref=1, amin=1e-5, top_db=80)`, in float32 like librosa.
    private func dynamicRange(_ rms: [Float]) throws -> Double {
        let amin = Float(LibrosaDefaults.aminAmplitude * LibrosaDefaults.aminAmplitude)
        var db = rms.map { Decibel.powerToDb($0 * $0, ref: 1, amin: amin) }
        guard !db.isEmpty else { throw AnalysisError.tooShort(samples: 0, minimum: LibrosaDefaults.nFFT) }
        let peak = Decibel.clip(&db, topDb: Float(LibrosaDefaults.topDb))
        return Double(peak - (db.min() ?? peak))
    }
}
