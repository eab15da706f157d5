import Foundation
import Chat
import AudioAnalysis

/// The analysis tools offered to the model for one track, one per analysis agent.
struct AnalysisToolSet: Sendable {
    /// Agent names and their descriptions for the model, in the order the agents run.
    let agents: [(name: String, description: String)]
    let computeAgent: AgentComputer

    /// The tools for `track`, in agent order.
    func tools(for track: Track) -> [any ChatTool] {
        agents.map { AnalysisTool(agent: $0.name, description: $0.description, track: track, computeAgent: computeAgent) }
    }

    /// The analysis pipeline's agents with the descriptions they give of themselves.
    static var standardAgents: [(name: String, description: String)] {
        AnalysisAgents.all.map { ($0.name, $0.description) }
    }
}
