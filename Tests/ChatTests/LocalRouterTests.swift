import Foundation
import Testing

@testable import Chat

@Suite struct LocalRouterTests {
    private let tools = AnalysisKind.allCases.map { "analyse_\($0.rawValue)" }.map {
        ToolSpec(name: $0, description: "", parameters: ["type": "object"])
    }

    @Test func aQuestionBecomesToolCallsForTheSelectedAnalyses() async throws {
        let request = ChatRequest(messages: [.user("What are the tempo and the main frequency?")], tools: tools)
        let turn = try await LocalRouter().respond(to: request, onText: { _ in Issue.record("no text expected") })
        #expect(turn.toolCalls.map(\.name) == ["analyse_spectral", "analyse_rhythm"])
        #expect(Set(turn.toolCalls.map(\.id)).count == 2)
        #expect(turn.text.isEmpty)
    }

    @Test func toolResultsBecomeAStreamedAnswer() async throws {
        let rhythm = try #require(try Fixtures.reference("click_120bpm.wav")["rhythm"])
        let request = ChatRequest(
            messages: [
                .user("What's the tempo?"),
                .assistant(AssistantTurn(toolCalls: [ToolCall(id: "c1", name: "analyse_rhythm")])),
                .toolResults([ToolResult(callID: "c1", name: "analyse_rhythm", content: rhythm)]),
            ], tools: tools)
        let pieces = PieceCollector()
        let turn = try await LocalRouter().respond(to: request, onText: { await pieces.append($0) })
        let streamed = await pieces.all
        #expect(streamed.count >= 3)
        #expect(streamed.joined() == turn.text)
        #expect(turn.text.hasPrefix("The tempo is about 117 BPM"))
        #expect(turn.toolCalls.isEmpty)
    }

    @Test func chatEvalCasesThroughAConversationCallExactlyTheExpectedTools() async throws {
        let cases = try #require(try Fixtures.json("chat-eval.json")["cases"]?.arrayValue)
        for item in cases {
            let file = try #require(item["audio_file"]?.stringValue)
            let tools = try AnalysisKind.allCases.map { kind in
                FixedTool("analyse_\(kind.rawValue)", output: .success(try Fixtures.toolOutput(file, kind: kind)))
            }
            let log = EventLog()
            await Conversation(provider: LocalRouter()).ask(
                try #require(item["question"]?.stringValue), tools: tools,
                emit: log.emit)
            let events = await log.events
            let called = Set(
                events.compactMap { event -> String? in
                    if case .toolCall(let name) = event { name.replacingOccurrences(of: "analyse_", with: "") } else { nil }
                })
            let expected = Set(try #require(item["expected_tools"]?.arrayValue).compactMap(\.stringValue))
            #expect(called == expected, "\(item["id"]?.stringValue ?? "?")")
            guard case .done(let answer) = events.last else {
                Issue.record("no answer for \(file)")
                continue
            }
            #expect(answer.count > 20)
        }
    }

    @Test func anUnrecognisedQuestionGetsGuidanceInsteadOfEveryAnalysis() async throws {
        let pieces = PieceCollector()
        let request = ChatRequest(messages: [.user("purple monkey dishwasher banana?")], tools: tools)
        let turn = try await LocalRouter().respond(to: request, onText: { await pieces.append($0) })
        #expect(turn.toolCalls.isEmpty)
        #expect(turn.text == LocalRouter.guidance)
        #expect(await pieces.all.joined() == turn.text)
        #expect(turn.text.contains("What's the tempo?") && turn.text.contains("How loud is it?"))
    }

    @Test func noOfferedToolsMeansAPlainAnswer() async throws {
        let turn = try await LocalRouter().respond(to: ChatRequest(messages: [.user("tempo?")]), onText: { _ in })
        #expect(turn.toolCalls.isEmpty)
        #expect(!turn.text.isEmpty)
    }

    @Test func piecesJoinBackExactly() {
        let text = "The tempo is about 120 BPM, a moderate pace,  in 4/4 time."
        let pieces = LocalRouter(wordsPerPiece: 3).pieces(of: text)
        #expect(pieces.joined() == text)
        #expect(pieces.count == 4)
    }
}

/// Collects streamed pieces across tasks.
actor PieceCollector {
    private(set) var all: [String] = []
    func append(_ piece: String) { all.append(piece) }
}
