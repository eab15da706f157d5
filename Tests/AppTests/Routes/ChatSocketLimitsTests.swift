import Chat
import Foundation
import HTTPServer
import Testing

@testable import App

/// What a chat socket may cost: who may open one, how many, how long a question, how many questions.
@Suite(.timeLimit(.minutes(1))) struct ChatSocketLimitsTests {
    private func withServer(_ environment: [String: String] = [:], _ body: (ChatSocketServer) async throws -> Void) async throws {
        let server = try await ChatSocketServer(environment: environment)
        do {
            try await body(server)
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

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

    /// The socket authenticates with the HTTP routes' guard: a demo user past DEMO_TTL_HOURS is
    /// refused even though its token has not expired yet.
    @Test func expiredDemoUserIsRefusedWith4001() async throws {
        try await withServer { server in
            let track = try await server.insertTrack()
            let (_, token) = try await server.demoUser(createdAt: Date().addingTimeInterval(-25 * 3600))
            let client = try await server.connect(track.id.uuidString, query: "token=\(token)")
            #expect(try await client.closeCode() == 4001)
        }
    }

    @Test func aTooLongQuestionIsAnErrorAndTheSocketStaysOpen() async throws {
        try await withServer { server in
            let track = try await server.insertTrack()
            let client = try await server.connect(track.id.uuidString)
            _ = try await client.message()
            await ask(client, String(repeating: "a", count: 4_001))
            #expect(try await client.message() == ["type": "error", "message": "Question too long (max 4000 characters)"])
            await ask(client, "What's the tempo?")
            #expect(try await answer(client).last?["type"] == "done")
        }
    }

    /// Each question of a demo user counts as one request against DEMO_REQUEST_LIMIT, like a POST,
    /// sharing the budget with the HTTP routes; past it the socket answers the 429 wording.
    @Test func demoQuestionsCountAgainstTheRequestLimit() async throws {
        try await withServer { server in
            let (id, token) = try await server.demoUser(limit: 2)
            let track = try await server.insertTrack(ownerID: id)
            let client = try await server.connect(track.id.uuidString, query: "token=\(token)")
            _ = try await client.message()
            for _ in 0..<2 {
                await ask(client, "What's the tempo?")
                #expect(try await answer(client).last?["type"] == "done")
            }
            await ask(client, "And the key?")
            #expect(
                try await client.message() == [
                    "type": "error", "message": "Demo request limit exceeded", "request_count": 2, "request_limit": 2,
                ])
            await client.send(text: "not json")
            #expect(try await client.message() == ["type": "error", "message": "Invalid JSON"])
            #expect(try await server.services.users.find(id: id)?.requestCount == 2)
            let delete = await server.harness.request(
                .delete, "/api/tracks/\(track.id.uuidString.lowercased())/",
                headers: [
                    ("host", "localhost"), ("authorization", "Bearer \(token)"),
                ])
            #expect(delete.status == .tooManyRequests)
        }
    }

    /// CHAT_MAX_SOCKETS_PER_USER: the next socket is closed with 4029; a closed socket gives its
    /// place back, and once every socket is closed nothing of them is left (places, subscriptions).
    @Test func socketsPerUserAreCappedAndReleasedOnClose() async throws {
        try await withServer(["CHAT_MAX_SOCKETS_PER_USER": "2"]) { server in
            let registry = server.chat.registry
            let hub = try #require(server.services.events as? InProcessEventHub)
            let (user, token) = try await server.user("busy@example.com")
            let track = try await server.insertTrack(ownerID: user)
            var first: WebSocketClient? = try await server.connect(track.id.uuidString, query: "token=\(token)")
            _ = try await first?.message()
            let second = try await server.connect(track.id.uuidString, query: "token=\(token)")
            _ = try await second.message()
            let third = try await server.connect(track.id.uuidString, query: "token=\(token)")
            #expect(try await third.closeCode() == 4029)
            #expect(registry.count(for: user) == 2)
            // The API key is an administrator: not counted.
            var admins: [WebSocketClient] = []
            for _ in 0..<3 {
                let admin = try await server.connect(track.id.uuidString)
                _ = try await admin.message()
                admins.append(admin)
            }
            first = nil
            while registry.count(for: user) > 1 { await Task.yield() }
            let again = try await server.connect(track.id.uuidString, query: "token=\(token)")
            #expect(try await again.message()["type"] == "status")
            admins.removeAll()
            _ = consume again
            _ = consume second
            while registry.total > 0 || hub.subscriberCount > 0 { await Task.yield() }
        }
    }
}
