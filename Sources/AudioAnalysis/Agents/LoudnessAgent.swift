internal import AnalysisResults

/// Loudness to the EBU R128 / ITU-R BS.1770-4 standard, measured on the original audio.
public struct LoudnessAgent: AnalysisAgent {
    /// "loudness".
    public let name = "loudness"
    /// Tool description for chat models.
    public let description = """
        Loudness of the track to the EBU R128 / ITU-R BS.1770-4 standard, measured on the original \
        channels and sample rate: integrated loudness (LUFS), loudness range (LU), true peak (dBTP), \
        sample peak (dBFS), the highest momentary and short-term loudness, and a reading against the \
        −14 LUFS streaming and −23 LUFS broadcast targets. Use it for questions about how loud the \
        track is, LUFS, mastering level, normalisation, peaks, clipping or headroom.
        """

    /// Creates the agent.
    public init() {}

    /// Turns the loudness the decoder measured into `LoudnessAnalysis`.
    /// - Throws: `AnalysisError.unavailable` when the context has only the mono signal.
    public func analyze(_ context: AnalysisContext) throws -> AgentData {
        guard let measurement = context.loudness else {
            throw AnalysisError.unavailable("Loudness needs the decoded file at its original rate")
        }
        return .loudness(LoudnessAnalysis(measurement, durationSeconds: context.signal.durationSeconds))
    }
}
