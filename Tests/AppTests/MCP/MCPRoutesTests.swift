import AudioAnalysis
import Foundation
import HTTPServer
import Testing

@testable import App

/// The /mcp transport in-process: credentials, sessions, batches, SSE and the tools over stored tracks.
@Suite struct MCPRoutesTests {
    private static let key = ("x-api-key", "dev-api-key")

    private func post(
        _ harness: AppHarness, _ body: String, session: String? = nil, accept: String = "application/json",
        extra: [(String, String)] = [Self.key]
    ) async -> Response {
        var headers = [("host", "localhost"), ("accept", accept), ("content-type", "application/json")] + extra
        if let session { headers.append(("mcp-session-id", session)) }
        return await harness.request(.post, "/mcp", headers: headers, body: Array(body.utf8))
    }

    private func open(_ harness: AppHarness) async throws -> String {
        let response = await post(harness, #"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25"}}"#)
        #expect(response.status == .ok)
        return try #require(response.headers["mcp-session-id"])
    }

    private func result(_ response: Response) -> [String: Any] { response.json["result"] as? [String: Any] ?? [:] }

    private func track(_ harness: AppHarness, status: Track.Status, analysis: String = "{}") async throws -> UUID {
        let id = UUID()
        try await harness.app.services.tracks.insert(
            Track(
                id: id, ownerID: nil, originalFilename: "a.wav", filename: "a.wav", mediaFilename: "\(id.uuidString.lowercased()).wav",
                size: 1, sha256: String(repeating: "0", count: 64), format: "wav", status: status, analysis: Data(analysis.utf8),
                createdAt: Date()))
        return id
    }

    @Test func withoutCredentialsItIs401AndNeverAToolList() async throws {
        let harness = try await AppHarness()
        let response = await post(harness, #"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#, extra: [])
        #expect(response.status == .unauthorized)
        #expect(response.headers["www-authenticate"] != nil)
        #expect(!response.text.contains("tools"))
    }

    @Test func initializeOpensASessionThatLaterRequestsNeed() async throws {
        let harness = try await AppHarness()
        let session = try await open(harness)
        let ping = #"{"jsonrpc":"2.0","id":1,"method":"ping"}"#
        #expect(await post(harness, ping).status == .badRequest)
        #expect(await post(harness, ping, session: "unknown").status == .notFound)
        #expect(result(await post(harness, ping, session: session)).isEmpty)
        let deleted = await harness.request(.delete, "/mcp", headers: [("host", "localhost"), Self.key, ("mcp-session-id", session)])
        #expect(deleted.status == .noContent)
        #expect(await post(harness, ping, session: session).status == .notFound)
    }

    @Test func toolsFollowTheAgentRegistry() async throws {
        let harness = try await AppHarness()
        let session = try await open(harness)
        let response = await post(harness, #"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#, session: session)
        let tools = try #require(result(response)["tools"] as? [[String: Any]])
        let names = tools.compactMap { $0["name"] as? String }
        #expect(names == ["list_tracks", "get_track"] + AnalysisAgents.all.map { "analyse_\($0.name)" })
        #expect(tools.allSatisfy { ($0["inputSchema"] as? [String: Any])?["type"] as? String == "object" })
    }

    @Test func notificationsAre202AndBatchesAnswerInOneArray() async throws {
        let harness = try await AppHarness()
        let session = try await open(harness)
        let note = await post(harness, #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#, session: session)
        #expect(note.status == .accepted && note.text.isEmpty)
        let batch = await post(
            harness, #"[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"x"},{"jsonrpc":"2.0","id":2,"method":"y"}]"#,
            session: session)
        let replies = try JSONSerialization.jsonObject(with: Data(batch.text.utf8)) as? [[String: Any]]
        #expect(replies?.count == 2)
        #expect((replies?.last?["error"] as? [String: Any])?["code"] as? Int == -32601)
    }

    @Test func eventStreamWhenTheClientAcceptsIt() async throws {
        let harness = try await AppHarness()
        let session = try await open(harness)
        let response = await post(
            harness, #"{"jsonrpc":"2.0","id":3,"method":"ping"}"#, session: session,
            accept: "application/json, text/event-stream")
        #expect(response.headers["content-type"] == "text/event-stream")
        #expect(response.text == "event: message\ndata: {\"id\":3,\"jsonrpc\":\"2.0\",\"result\":{}}\n\n")
    }

    @Test func parseErrorsAndOversizedBodiesAreTransportErrors() async throws {
        let harness = try await AppHarness()
        let broken = await post(harness, "{")
        #expect(broken.status == .badRequest)
        #expect((broken.json["error"] as? [String: Any])?["code"] as? Int == -32700)
        let big = await post(harness, String(repeating: " ", count: MCPRoutes.maxBodyBytes + 1) + "{}")
        #expect(big.status == .contentTooLarge)
    }

    @Test func aTrackStillAnalysingIsAToolErrorAndAReadyOneAnswers() async throws {
        let harness = try await AppHarness()
        let session = try await open(harness)
        let busy = try await track(harness, status: .analyzing)
        let call = { (id: UUID) in
            #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"analyse_rhythm","arguments":{"track_id":"\#(id.uuidString.lowercased())"}}}"#
        }
        let pending = result(await post(harness, call(busy), session: session))
        #expect(pending["isError"] as? Bool == true)
        let beats = (0..<200).map { Double($0) * 0.5 }
        let ready = try await track(harness, status: .ready, analysis: #"{"rhythm":{"tempo_bpm":120,"beat_times":\#(beats)}}"#)
        let answer = result(await post(harness, call(ready), session: session))
        #expect(answer["isError"] as? Bool == false)
        let structured = try #require(answer["structuredContent"] as? [String: Any])
        #expect((structured["beat_times"] as? [Double])?.count == 64)
        #expect(structured["beat_times_total"] as? Int == 200)
        let text = ((answer["content"] as? [[String: Any]])?.first?["text"] as? String) ?? ""
        #expect(text.contains("\"beat_times_total\":200"))
    }

    @Test func unknownToolsAndMethodsAreJSONRPCErrors() async throws {
        let harness = try await AppHarness()
        let session = try await open(harness)
        let unknownTool = await post(harness, #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"rm"}}"#, session: session)
        #expect((unknownTool.json["error"] as? [String: Any])?["code"] as? Int == -32602)
        let unknownMethod = await post(harness, #"{"jsonrpc":"2.0","id":1,"method":"prompts/list"}"#, session: session)
        #expect((unknownMethod.json["error"] as? [String: Any])?["code"] as? Int == -32601)
    }

    @Test func aForeignOriginIsRefused() async throws {
        let harness = try await AppHarness()
        let response = await post(
            harness, #"{"jsonrpc":"2.0","id":1,"method":"ping"}"#,
            extra: [Self.key, ("origin", "https://evil.example")])
        #expect(response.status == .forbidden)
        let own = await post(
            harness, #"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25"}}"#,
            extra: [Self.key, ("origin", "http://localhost")])
        #expect(own.status == .ok)
    }
}
