import AudioAnalysis
import Chat
import Foundation
import Synchronization
import Testing

@testable import App

@Suite struct AnalysisToolTests {
    private struct Failure: Error {}

    private func track(analysis: String) -> Track {
        Track(
            id: UUID(), ownerID: nil, originalFilename: "a.wav", filename: "a.wav", mediaFilename: "a.wav", size: 1,
            sha256: "", format: "wav", status: .ready, analysis: Data(analysis.utf8), createdAt: Date())
    }

    private func tool(
        _ agent: String, _ track: Track, compute: @escaping AgentComputer = { _, _ in throw Failure() }
    )
        -> AnalysisTool
    {
        AnalysisTool(
            agent: agent, description: "d", track: track, analysis: ParsedAnalyses().value(of: track),
            computeAgent: compute)
    }

    /// The local router (in Chat, which does not link the DSP) names the analyses it knows; they
    /// must be the registry's agents, in its order, and it must read every tool name back.
    @Test func theLocalRouterKnowsExactlyTheRegistrysAgents() {
        #expect(AnalysisKind.allCases.map(\.rawValue) == AnalysisAgents.all.map(\.name))
        for agent in AnalysisAgents.all {
            #expect(AnalysisKind(toolName: AnalysisTool.name(for: agent.name))?.rawValue == agent.name)
        }
    }

    @Test func offersOneToolPerAgentWithATrackIDParameter() {
        let set = AnalysisToolSet(agents: AnalysisToolSet.standardAgents, computeAgent: ChatSocket.storedOnly)
        let tools = set.tools(for: track(analysis: "{}"), analysis: [:])
        #expect(tools.map(\.name) == ["analyse_spectral", "analyse_temporal", "analyse_rhythm", "analyse_loudness", "analyse_tonal"])
        for tool in tools {
            #expect(tool.parameters["type"] == "object")
            #expect(tool.parameters["required"] == ["track_id"])
            #expect(tool.parameters["properties"]?["track_id"]?["type"] == "string")
            #expect(!tool.description.isEmpty)
        }
    }

    @Test func returnsTheStoredResultWhateverTrackIDTheModelSends() async throws {
        let stored = track(analysis: #"{"rhythm":{"tempo_bpm":120},"spectral":{"x":1}}"#)
        let result = try await tool("rhythm", stored).run(arguments: ["track_id": .string(UUID().uuidString)])
        #expect(result == ["tempo_bpm": 120])
    }

    @Test func returnsAStoredAgentErrorAsIs() async throws {
        let stored = track(analysis: #"{"rhythm":{"error":"too short"}}"#)
        #expect(try await tool("rhythm", stored).run(arguments: [:]) == ["error": "too short"])
    }

    @Test(arguments: ["{}", #"{"rhythm":null}"#, #"{"spectral":{}}"#])
    func computesAMissingResult(analysis: String) async throws {
        let calls = Mutex<[(String, UUID)]>([])
        let stored = track(analysis: analysis)
        let result = try await tool("rhythm", stored) { agent, track in
            calls.withLock { $0.append((agent, track.id)) }
            return Data(#"{"tempo_bpm":90}"#.utf8)
        }.run(arguments: ["track_id": "someone-else"])
        #expect(result == ["tempo_bpm": 90])
        #expect(calls.withLock { $0.map(\.0) } == ["rhythm"])
        #expect(calls.withLock { $0.map(\.1) } == [stored.id])
    }

    @Test func failedComputationIsASafeToolError() async {
        await #expect(throws: ChatToolError("The temporal analysis could not be computed for this track.")) {
            try await tool("temporal", track(analysis: "{}")).run(arguments: [:])
        }
        await #expect(throws: ChatToolError("The temporal analysis could not be read.")) {
            try await tool("temporal", track(analysis: "{}")) { _, _ in Data("not json".utf8) }.run(arguments: [:])
        }
    }

    @Test func unreadableStoredAnalysisIsASafeToolError() async {
        await #expect(throws: ChatToolError("The stored analysis of this track could not be read.")) {
            try await tool("rhythm", track(analysis: "{broken")).run(arguments: [:])
        }
    }
}
