import Chat
import Foundation
import Logging
import Synchronization
import TestSupport
import Testing

@testable import App

/// The chat socket on a live server (port 0): the upgrade needs a real connection.
@Suite struct ChatSocketTests {
    private func withServer(
        provider: any ChatProvider = LocalRouter(), computeAgent: @escaping AgentComputer = ChatSocket.storedOnly,
        environment: [String: String] = [:], _ body: (ChatSocketServer) async throws -> Void
    ) async throws {
        let server = try await ChatSocketServer(provider: provider, computeAgent: computeAgent, environment: environment)
        do {
            try await body(server)
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    /// Reads messages until `done` (or `error`), returning them all.
    private func answer(_ client: WebSocketClient) async throws -> [JSONValue] {
        var messages: [JSONValue] = []
        while true {
            let message = try await client.message()
            messages.append(message)
            if message["type"] == "done" || message["type"] == "error" { return messages }
        }
    }

    private func ask(_ client: WebSocketClient, _ text: String) async {
        await client.send(json: ["type": "question", "text": .string(text)])
    }

    @Test func missingOrWrongCredentialsClose4001() async throws {
        try await withServer { server in
            let track = try await server.insertTrack()
            for query in ["", "api_key=wrong", "token=not.a.token"] {
                let client = try await server.connect(track.id.uuidString, query: query)
                #expect(try await client.closeCode() == 4001, "query \(query)")
            }
        }
    }

    @Test func unknownMalformedOrForeignTrackCloses4004() async throws {
        try await withServer { server in
            let (owner, ownerToken) = try await server.user("owner@example.com")
            let (_, otherToken) = try await server.user("other@example.com")
            let track = try await server.insertTrack(ownerID: owner)
            for (id, query) in [
                (UUID().uuidString, "api_key=dev-api-key"), ("not-a-uuid", "api_key=dev-api-key"),
                (track.id.uuidString, "token=\(otherToken)"),
            ] {
                let client = try await server.connect(id, query: query)
                #expect(try await client.closeCode() == 4004, "track \(id)")
            }
            let owned = try await server.connect(track.id.uuidString, query: "token=\(ownerToken)")
            #expect(try await owned.message() == ["type": "status", "status": "ready", "message": "Analysis complete"])
        }
    }

    @Test func sendsTheStatusAtOnceThenEveryHubEvent() async throws {
        try await withServer { server in
            let track = try await server.insertTrack(status: .pending)
            let client = try await server.connect(track.id.uuidString)
            #expect(try await client.message() == ["type": "status", "status": "pending", "message": "Waiting for analysis..."])
            let events = server.services.events
            events.publish(.status(status: "analyzing", message: "Starting analysis..."), for: track.id)
            events.publish(.progress(agent: "rhythm", state: "running"), for: track.id)
            events.publish(.progress(agent: "rhythm", state: "complete"), for: track.id)
            events.publish(.status(status: "ready", message: "Analysis complete"), for: track.id)
            events.publish(.progress(agent: "spectral", state: "running"), for: UUID())
            #expect(try await client.message() == ["type": "status", "status": "analyzing", "message": "Starting analysis..."])
            #expect(try await client.message() == ["type": "thinking", "message": "Rhythm analysis: running"])
            #expect(try await client.message() == ["type": "thinking", "message": "Rhythm analysis: complete"])
            #expect(try await client.message() == ["type": "status", "status": "ready", "message": "Analysis complete"])
        }
    }

    @Test func answersAQuestionWithToolEventsTokensAndDone() async throws {
        try await withServer { server in
            let track = try await server.insertTrack()
            let client = try await server.connect(track.id.uuidString)
            _ = try await client.message()
            await ask(client, "What's the tempo?")
            let messages = try await answer(client)
            #expect(
                messages.prefix(2) == [
                    ["type": "tool_call", "tool": "analyse_rhythm"],
                    ["type": "tool_result", "tool": "analyse_rhythm", "success": true],
                ])
            let tokens = messages.dropFirst(2).dropLast()
            #expect(!tokens.isEmpty && tokens.allSatisfy { $0["type"] == "token" })
            let joined = tokens.compactMap { $0["text"]?.stringValue }.joined()
            #expect(messages.last == ["type": "done", "full_response": .string(joined)])
            #expect(joined.contains("117 BPM"))
        }
    }

    @Test func badMessagesGetErrorEventsAndTheSocketStaysOpen() async throws {
        try await withServer { server in
            let track = try await server.insertTrack()
            let client = try await server.connect(track.id.uuidString)
            _ = try await client.message()
            await client.send(text: "{not json")
            #expect(try await client.message() == ["type": "error", "message": "Invalid JSON"])
            await client.send(json: ["type": "question", "text": "   "])
            #expect(try await client.message() == ["type": "error", "message": "Empty question"])
            await client.send(json: ["type": "hello"])
            #expect(try await client.message() == ["type": "error", "message": "Unknown message type: hello"])
            await ask(client, "How long is it?")
            #expect(try await answer(client).last?["type"] == "done")
        }
    }

    @Test func aQuestionRereadsTheTrackStatus() async throws {
        try await withServer { server in
            let track = try await server.insertTrack(status: .analyzing, analysis: [:])
            let client = try await server.connect(track.id.uuidString)
            _ = try await client.message()
            await ask(client, "What's the tempo?")
            #expect(try await client.message() == ["type": "error", "message": "Track not ready. Status: analyzing"])
            try await server.services.tracks.saveAnalysis(
                id: track.id, analysis: Data(ChatSocketServer.analysis.jsonText.utf8), analyzedAt: Date())
            await ask(client, "What's the tempo?")
            #expect(try await answer(client).last?["type"] == "done")
        }
    }

    @Test func oneQuestionAtATimeWhileStillReading() async throws {
        let latch = Latch()
        let provider = ScriptedChatProvider { _ in
            await latch.wait()
            return AssistantTurn(text: "slow answer")
        }
        try await withServer(provider: provider) { server in
            let track = try await server.insertTrack()
            let client = try await server.connect(track.id.uuidString)
            _ = try await client.message()
            await ask(client, "first")
            await ask(client, "second")
            #expect(try await client.message() == ["type": "error", "message": "A question is already being answered"])
            await client.send(text: "[]")
            #expect(try await client.message() == ["type": "error", "message": "Invalid JSON"])
            latch.open()
            #expect(
                try await answer(client) == [
                    ["type": "token", "text": "slow answer"],
                    ["type": "done", "full_response": "slow answer"],
                ])
            await ask(client, "third")
            #expect(try await answer(client).last == ["type": "done", "full_response": "slow answer"])
        }
    }

    /// The turn ends before `done` goes out: asking again the moment it arrives is never refused.
    @Test func aQuestionAskedAsSoonAsDoneArrivesIsAnswered() async throws {
        try await withServer { server in
            let track = try await server.insertTrack()
            let client = try await server.connect(track.id.uuidString)
            _ = try await client.message()
            for round in 0..<40 {
                await ask(client, "How long is it?")
                let last = try await answer(client).last
                #expect(last?["type"] == "done", "round \(round): \(String(describing: last))")
            }
        }
    }

    @Test func toolsRunOnTheSocketsTrackAndComputeMissingResults() async throws {
        let computed = Mutex<[(String, UUID)]>([])
        let provider = ScriptedChatProvider.calling("analyse_rhythm", arguments: #"{"track_id":"\#(UUID().uuidString)"}"#)
        let computeAgent: AgentComputer = { agent, track in
            computed.withLock { $0.append((agent, track.id)) }
            return Data(#"{"tempo_bpm":93}"#.utf8)
        }
        try await withServer(provider: provider, computeAgent: computeAgent) { server in
            _ = try await server.insertTrack()
            let track = try await server.insertTrack(analysis: ["spectral": ["x": 1]])
            let client = try await server.connect(track.id.uuidString)
            _ = try await client.message()
            await ask(client, "tempo?")
            let messages = try await answer(client)
            #expect(messages.first == ["type": "tool_call", "tool": "analyse_rhythm"])
            #expect(messages.dropFirst().first == ["type": "tool_result", "tool": "analyse_rhythm", "success": true])
            #expect(computed.withLock { $0.map(\.0) } == ["rhythm"])
            #expect(computed.withLock { $0.map(\.1) } == [track.id])
            guard case .toolResults(let results) = provider.requests.last?.messages.last else {
                Issue.record("the model did not get the tool results")
                return
            }
            #expect(results.map(\.content) == [["tempo_bpm": 93]])
        }
    }

    @Test func historyIsPerSocket() async throws {
        let provider = ScriptedChatProvider { _ in AssistantTurn(text: "fine") }
        try await withServer(provider: provider) { server in
            let track = try await server.insertTrack()
            let first = try await server.connect(track.id.uuidString)
            _ = try await first.message()
            await ask(first, "one")
            _ = try await answer(first)
            await ask(first, "two")
            _ = try await answer(first)
            #expect(provider.requests.last?.messages == [.user("one"), .assistant(AssistantTurn(text: "fine")), .user("two")])
            let second = try await server.connect(track.id.uuidString)
            _ = try await second.message()
            await ask(second, "three")
            _ = try await answer(second)
            #expect(provider.requests.last?.messages == [.user("three")])
        }
    }

    @Test func aTrackDeletedWhileConnectedCloses4004OnTheNextQuestion() async throws {
        try await withServer { server in
            let track = try await server.insertTrack()
            let client = try await server.connect(track.id.uuidString)
            _ = try await client.message()
            _ = try await server.services.tracks.delete(id: track.id, scope: .all)
            await ask(client, "tempo?")
            #expect(try await client.closeCode() == 4004)
        }
    }

    @Test(.timeLimit(.minutes(1))) func closedSocketsLeaveNoHubSubscriptionBehind() async throws {
        try await withServer { server in
            let hub = try #require(server.services.events as? InProcessEventHub)
            let track = try await server.insertTrack()
            var refused: WebSocketClient? = try await server.connect(UUID().uuidString)
            #expect(try await refused?.closeCode() == 4004)
            var open: WebSocketClient? = try await server.connect(track.id.uuidString)
            _ = try await open?.message()
            #expect(hub.subscriberCount == 1)
            refused = nil
            open = nil
            while hub.subscriberCount > 0 { try await Task.sleep(for: .milliseconds(5)) }
        }
    }

    @Test func theAppServesTheChatSocketWithTheConfiguredProvider() async throws {
        let harness = try await AppHarness(["LLM_MODEL": "gemini/gemini-2.5-flash"])
        var config = harness.app.config
        config.server.port = 0
        config.server.host = "127.0.0.1"
        let app = try await Application.boot(config: config, logger: Logger(label: "test"))
        await harness.app.shutdown()
        let port = try app.start()
        do {
            let track = try await ChatSocketServer.insert(into: app.services.tracks)
            let client = try await WebSocketClient.connect(port: port, target: "/ws/chat/\(track.id)/?api_key=dev-api-key")
            #expect(try await client.message()["status"] == "ready")
            await ask(client, "What's the main frequency?")
            let messages = try await answer(client)
            #expect(messages.first == ["type": "tool_call", "tool": "analyse_spectral"])
            #expect(messages.last?["type"] == "done")
        } catch {
            await app.shutdown()
            throw error
        }
        await app.shutdown()
    }
}
