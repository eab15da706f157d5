import Chat
import Foundation

/// Computes one agent's result for a track whose stored analysis lacks it.
/// - Parameters: the agent name (one of `AnalysisAgents.all`) and the track.
/// - Returns: the agent's result as a JSON object.
typealias AgentComputer = @Sendable (String, Track) async throws -> Data

/// A chat tool over one analysis agent (`analyse_spectral`, `analyse_rhythm` …).
///
/// It always answers about the socket's own track, whatever `track_id` the model sends: a model
/// must never reach another person's track by guessing an id.
struct AnalysisTool: ChatTool {
    /// The agent whose result this tool returns (`rhythm` …).
    let agent: String
    let description: String
    /// The socket's track as read when the question arrived.
    let track: Track
    /// The track's `analysis` column parsed (an object keyed by agent); nil when it is not valid JSON.
    let analysis: JSONValue?
    let computeAgent: AgentComputer

    var name: String { Self.name(for: agent) }

    /// The tool name of an agent (`rhythm` → `analyse_rhythm`): the original app's names, which
    /// the chat and the MCP endpoint both offer and the local router reads back.
    static func name(for agent: String) -> String { "analyse_" + agent }

    /// `{"track_id": string}`, required: the shape the original app offered the model.
    var parameters: JSONValue {
        [
            "type": "object",
            "properties": ["track_id": ["type": "string", "description": "The id of the track to analyse."]],
            "required": ["track_id"],
        ]
    }

    /// The stored result of the agent, or a freshly computed one when it is missing.
    /// - Throws: `ChatToolError` with a safe message when the stored analysis cannot be read or computing fails.
    func run(arguments: JSONValue) async throws -> JSONValue {
        if let stored = try storedResult() { return stored }
        let data: Data
        do {
            data = try await computeAgent(agent, track)
        } catch {
            throw ChatToolError("The \(agent) analysis could not be computed for this track.")
        }
        do {
            return try JSONValue(parsing: data)
        } catch {
            throw ChatToolError("The \(agent) analysis could not be read.")
        }
    }

    /// The agent's entry in the track's `analysis` object; nil when absent or null.
    private func storedResult() throws -> JSONValue? {
        guard let analysis else { throw ChatToolError("The stored analysis of this track could not be read.") }
        guard let result = analysis[agent], result != .null else { return nil }
        return result
    }
}
