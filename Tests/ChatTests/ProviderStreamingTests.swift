import Foundation
import Testing

@testable import Chat

/// Each provider against a local fake server speaking its documented streaming format.
@Suite struct ProviderStreamingTests {
    private func withServer<T>(
        _ replies: [JSONValue], _ body: (FakeProviderServer) async throws -> T
    ) async throws
        -> T
    {
        let server = try await FakeProviderServer.start(replies)
        defer { server.stop() }
        return try await body(server)
    }

    @Test(arguments: ProviderCase.allCases)
    func textArrivesInPiecesInOrder(provider: ProviderCase) async throws {
        let reply: JSONValue = ["text": ["The tempo", " is about", " 120 BPM."], "chunk_bytes": 3]
        let (turn, pieces) = try await withServer([reply]) { server in
            let collector = PieceCollector()
            let turn = try await provider.provider(server.baseURL).respond(
                to: ChatRequest(messages: [.user("Tempo?")]), onText: { await collector.append($0) })
            return (turn, await collector.all)
        }
        #expect(pieces == ["The tempo", " is about", " 120 BPM."])
        #expect(turn == AssistantTurn(text: "The tempo is about 120 BPM."))
    }

    @Test(arguments: ProviderCase.allCases)
    func splitArgumentsAndSeveralToolCallsInOneTurn(provider: ProviderCase) async throws {
        let reply: JSONValue = [
            "text": ["Checking."], "chunk_bytes": 1,
            "tool_calls": [
                ["id": "call_1", "name": "analyse_rhythm", "arguments": ["track_id": "t-1"], "split": 5, "signature": "c2ln"],
                ["id": "call_2", "name": "analyse_spectral", "arguments": ["track_id": "t-1", "bands": 3], "split": 3],
            ],
        ]
        let turn = try await withServer([reply]) { server in
            try await provider.provider(server.baseURL).respond(
                to: ChatRequest(messages: [.user("Tempo and pitch?")], tools: []), onText: { _ in })
        }
        #expect(turn.text == "Checking.")
        #expect(turn.toolCalls.map(\.name) == ["analyse_rhythm", "analyse_spectral"])
        let arguments = try turn.toolCalls.map { try JSONValue(parsing: Data($0.arguments.utf8)) }
        #expect(arguments == [["track_id": "t-1"], ["track_id": "t-1", "bands": 3]])
        #expect(Set(turn.toolCalls.map(\.id)).count == 2)
        if provider == .gemini {
            #expect(turn.toolCalls.map(\.signature) == ["c2ln", nil])
        } else {
            #expect(turn.toolCalls.map(\.id) == ["call_1", "call_2"])
        }
    }

    @Test(arguments: ProviderCase.allCases)
    func errorStatusBecomesAChatErrorWithoutTheKey(provider: ProviderCase) async throws {
        let reply: JSONValue = ["status": 503, "error": .string("overloaded; key \(provider.key) is fine")]
        let error = try await withServer([reply]) { server in
            await #expect(throws: ChatError.self) {
                _ = try await provider.provider(server.baseURL).respond(
                    to: ChatRequest(messages: [.user("Hi")]),
                    onText: { _ in })
            }
        }
        #expect(error?.kind == .httpStatus(503))
        #expect(error?.isRetryable == true)
        #expect(error?.detail.contains("overloaded") == true)
        #expect(error.map { !"\($0)".contains(provider.key) } == true)
    }

    @Test(arguments: ProviderCase.allCases)
    func streamEndedBeforeItsEndMarkerIsTruncated(provider: ProviderCase) async throws {
        let reply: JSONValue = ["text": ["One", " two", " three"], "cut": "clean"]
        let error = try await withServer([reply]) { server in
            await #expect(throws: ChatError.self) {
                _ = try await provider.provider(server.baseURL).respond(
                    to: ChatRequest(messages: [.user("Hi")]),
                    onText: { _ in })
            }
        }
        #expect(error?.kind == .truncated)
    }

    @Test(arguments: ProviderCase.allCases)
    func connectionDroppedMidStreamFails(provider: ProviderCase) async throws {
        let reply: JSONValue = ["text": ["One", " two", " three"], "cut": "abort"]
        let error = try await withServer([reply]) { server in
            await #expect(throws: ChatError.self) {
                _ = try await provider.provider(server.baseURL).respond(
                    to: ChatRequest(messages: [.user("Hi")]),
                    onText: { _ in })
            }
        }
        #expect(error?.kind == .transport || error?.kind == .truncated)
        #expect(error?.isRetryable == false)
    }

    @Test(arguments: ProviderCase.allCases)
    func stalledProviderTimesOut(provider: ProviderCase) async throws {
        let clock = ContinuousClock()
        let (error, elapsed) = try await withServer([["text": ["late"], "stall": 20]]) { server in
            let model = try provider.provider(server.baseURL, timeout: .milliseconds(400))
            let start = clock.now
            let error = await #expect(throws: ChatError.self) {
                _ = try await model.respond(to: ChatRequest(messages: [.user("Hi")]), onText: { _ in })
            }
            return (error, clock.now - start)
        }
        #expect(error?.kind == .timeout)
        #expect(elapsed < .seconds(5), "the deadline is 0.4 s; URLSession's own backstop would take 30 s")
    }

    @Test(arguments: ProviderCase.allCases)
    func unreachableServerIsATransportError(provider: ProviderCase) async throws {
        let closed = try RefusingPort()
        let error = await #expect(throws: ChatError.self) {
            _ = try await provider.provider("http://127.0.0.1:\(closed.port)")
                .respond(to: ChatRequest(messages: [.user("Hi")]), onText: { _ in })
        }
        #expect(error?.kind == .transport)
        withExtendedLifetime(closed) {}
    }
}
