import Foundation
import Chat

/// The analysis tools offered to the model for one track, one per analysis agent.
struct AnalysisToolSet: Sendable {
    /// Agent names and their descriptions for the model, in the order the agents run.
    let agents: [(name: String, description: String)]
    let computeAgent: AgentComputer

    /// The tools for `track`, in agent order.
    func tools(for track: Track) -> [any ChatTool] {
        agents.map { AnalysisTool(agent: $0.name, description: $0.description, track: track, computeAgent: computeAgent) }
    }

    /// The three agents of the analysis pipeline with their descriptions for the model.
    static let standardAgents: [(name: String, description: String)] = [
        ("spectral", """
            Spectral analysis of the track: spectral centroid (brightness, Hz), bandwidth and rolloff (Hz), \
            flatness (tonal or noisy), the strongest frequencies of the whole-track spectrum and an MFCC \
            summary (timbre). Use it for questions about frequencies, pitch, tone, brightness or timbre.
            """),
        ("temporal", """
            Temporal analysis of the waveform: duration, sample count, amplitude statistics, RMS energy, \
            dynamic range in dB, zero-crossing rate, the envelope's attack and peak, and the non-silent \
            parts. Use it for questions about length, loudness, dynamics, silence or change over time.
            """),
        ("rhythm", """
            Rhythm analysis: tempo in BPM, beat and onset times, tempo stability, and estimates of the \
            time signature, swing, steadiness and upbeat. Use it for questions about tempo, beats, \
            groove, meter or timing.
            """),
    ]
}
