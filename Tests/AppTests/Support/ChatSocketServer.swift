import Chat
import Foundation
import Logging
import TestSupport

@testable import App
@testable import HTTPServer

/// A live server on 127.0.0.1 (port 0) serving only the chat socket, over a booted App's services,
/// with the provider and the on-demand computation a test chooses.
final class ChatSocketServer: Sendable {
    let harness: AppHarness
    let server: Server
    let port: Int
    /// The route, whose registry counts the open sockets.
    let chat: ChatSocket
    var services: AppServices { harness.app.services }

    init(
        provider: any ChatProvider = LocalRouter(), computeAgent: @escaping AgentComputer = ChatSocket.storedOnly,
        environment: [String: String] = [:]
    ) async throws {
        harness = try await AppHarness(environment)
        let socket = ChatSocket(services: harness.app.services, provider: provider, computeAgent: computeAgent)
        chat = socket
        let router = Router(routes: socket.routes, logger: Logger(label: "test"))
        server = Server(
            configuration: Server.Configuration(host: "127.0.0.1", port: 0, eventLoops: 1), responder: router,
            logger: Logger(label: "test"))
        port = try server.start()
    }

    /// Opens a chat socket on `trackID` with the development API key (or `query` as given).
    func connect(_ trackID: String, query: String = "api_key=dev-api-key") async throws -> WebSocketClient {
        try await WebSocketClient.connect(port: port, target: "/ws/chat/\(trackID)/?\(query)")
    }

    /// Inserts a track with `status` and `analysis`, owned by `ownerID`.
    @discardableResult
    func insertTrack(
        status: Track.Status = .ready, statusMessage: String = "", analysis: JSONValue = ChatSocketServer.analysis,
        ownerID: Int64? = nil
    ) async throws -> Track {
        try await Self.insert(
            into: services.tracks, status: status, statusMessage: statusMessage, analysis: analysis,
            ownerID: ownerID)
    }

    /// Inserts a track into `tracks`.
    static func insert(
        into tracks: TrackStore, status: Track.Status = .ready, statusMessage: String = "",
        analysis: JSONValue = ChatSocketServer.analysis, ownerID: Int64? = nil
    ) async throws -> Track {
        let id = UUID()
        let track = Track(
            id: id, ownerID: ownerID, originalFilename: "song.wav", filename: "song.wav",
            mediaFilename: "\(id.uuidString.lowercased()).wav", size: 1000, sha256: String(repeating: "0", count: 64),
            format: "wav", status: status, statusMessage: statusMessage, analysis: Data(analysis.jsonText.utf8),
            createdAt: Date())
        try await tracks.insert(track)
        return track
    }

    /// A user's id and a valid access token for them.
    func user(_ email: String) async throws -> (id: Int64, token: String) {
        let user = try await services.users.create(email: email, passwordHash: "x", createdAt: Date())
        let now = Int(Date().timeIntervalSince1970)
        let claims = JSONWebToken.Claims(sub: String(user.id), exp: now + 600, iat: now, type: .access, is_demo: false)
        return (user.id, services.authenticator.tokens.sign(claims))
    }

    /// A demo user created at `createdAt` with `limit` counted requests, and an access token for it.
    func demoUser(limit: Int = 5, createdAt: Date = Date()) async throws -> (id: Int64, token: String) {
        let user = try await services.users.create(
            email: "demo-\(UUID().uuidString)@demo.local", passwordHash: "!", isDemo: true, requestLimit: limit,
            createdAt: createdAt)
        let now = Int(Date().timeIntervalSince1970)
        let claims = JSONWebToken.Claims(sub: String(user.id), exp: now + 600, iat: now, type: .access, is_demo: true)
        return (user.id, services.authenticator.tokens.sign(claims))
    }

    /// The overview agents' results for the 120 BPM click fixture (its librosa reference: about 117 BPM).
    static let analysis: JSONValue = {
        let url = Repository.fixtures.appendingPathComponent("audio/click_120bpm.reference.json")
        guard let data = try? Data(contentsOf: url), let reference = try? JSONValue(parsing: data) else { return [:] }
        return ["spectral": reference["spectral"] ?? [:], "temporal": reference["temporal"] ?? [:], "rhythm": reference["rhythm"] ?? [:]]
    }()

    func shutdown() async {
        await server.shutdown(grace: .seconds(2))
        await harness.app.shutdown()
    }
}
