import AudioAnalysis
import Chat
import Foundation

/// The analysis tools offered to the model for one track, one per analysis agent.
struct AnalysisToolSet: Sendable {
    /// Agent names and their descriptions for the model, in the order the agents run.
    let agents: [(name: String, description: String)]
    let computeAgent: AgentComputer

    /// The tools for `track`, in agent order.
    /// - Parameters:
    ///   - track: the socket's track, as read when the question arrived.
    ///   - analysis: its `analysis` column parsed, or nil when that is not valid JSON.
    func tools(for track: Track, analysis: JSONValue?) -> [any ChatTool] {
        agents.map {
            AnalysisTool(
                agent: $0.name, description: $0.description, track: track, analysis: analysis,
                computeAgent: computeAgent)
        }
    }

    /// The analysis pipeline's agents with the descriptions they give of themselves.
    static var standardAgents: [(name: String, description: String)] {
        AnalysisAgents.all.map { ($0.name, $0.description) }
    }
}
