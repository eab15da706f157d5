import Chat
import Database
import Foundation
import HTTPServer
import TestSupport
import Testing

@testable import App

/// How the chat socket keeps its status in step with the event hub: `.resync` re-reads the track,
/// and with Postgres, a socket on one replica hears what another replica publishes.
@Suite(.timeLimit(.minutes(2))) struct ChatSocketEventsTests {
    @Test func aResyncSendsTheStoredStatusWhenItChanged() async throws {
        let server = try await ChatSocketServer()
        do {
            let track = try await server.insertTrack(status: .pending)
            let client = try await server.connect(track.id.uuidString)
            #expect(try await client.message() == ["type": "status", "status": "pending", "message": "Waiting for analysis..."])
            let hub = try #require(server.services.events as? InProcessEventHub)
            // A change whose event this replica missed (it was published while the listener was down).
            #expect(try await server.services.tracks.setStatus(id: track.id, status: .ready, message: "Analysis complete"))
            hub.publishToAll(.resync)
            #expect(try await client.message() == ["type": "status", "status": "ready", "message": "Analysis complete"])
            // Nothing changed since: a second resync sends nothing, so the next message is the next event.
            hub.publishToAll(.resync)
            hub.publish(.progress(agent: "tonal", state: "running"), for: track.id)
            #expect(try await client.message() == ["type": "thinking", "message": "Tonal analysis: running"])
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    @Test(.enabled(if: TestEnvironment.postgresURL != nil, "needs TEST_DATABASE_URL"))
    func aSocketOnOneReplicaHearsEventsPublishedOnAnother() async throws {
        let (url, dropSchema) = try await Self.freshSchema()
        var servers: [ChatSocketServer] = []
        do {
            // Two Apps on one database: the first migrates it, both use the Postgres hub.
            for _ in 0..<2 { servers.append(try await ChatSocketServer(environment: ["DATABASE_URL": url])) }
            let (a, b) = (servers[0], servers[1])
            #expect(a.services.events is PostgresEventHub && b.services.events is PostgresEventHub)
            let health = await b.harness.request(.get, "/health/")
            #expect((health.json["checks"] as? [String: Any])?["listener"] as? String == "listening")
            let track = try await a.insertTrack(status: .pending)
            let client = try await b.connect(track.id.uuidString)
            #expect(try await client.message() == ["type": "status", "status": "pending", "message": "Waiting for analysis..."])
            a.services.events.publish(.status(status: "analyzing", message: "Starting analysis..."), for: track.id)
            a.services.events.publish(.progress(agent: "rhythm", state: "running"), for: track.id)
            a.services.events.publish(.status(status: "ready", message: "Analysis complete"), for: track.id)
            #expect(try await client.message() == ["type": "status", "status": "analyzing", "message": "Starting analysis..."])
            #expect(try await client.message() == ["type": "thinking", "message": "Rhythm analysis: running"])
            #expect(try await client.message() == ["type": "status", "status": "ready", "message": "Analysis complete"])
        } catch {
            for server in servers { await server.shutdown() }
            try? await dropSchema()
            throw error
        }
        for server in servers { await server.shutdown() }
        try await dropSchema()
    }

    /// A new schema on the test server, as a DATABASE_URL whose search_path selects it.
    private static func freshSchema() async throws -> (String, @Sendable () async throws -> Void) {
        let server = try #require(TestEnvironment.postgresURL)
        guard case .postgres(let info) = try DatabaseURL(parsing: server) else {
            throw DatabaseError(kind: .invalidURL, message: "TEST_DATABASE_URL is not a Postgres URL")
        }
        let schema = "replicas_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let admin = try await PostgresDatabase(info: info, options: DatabaseOptions(poolSize: 1), logger: TestEnvironment.logger)
        try await admin.execute(SQL(sql: "CREATE SCHEMA \(schema)"))
        await admin.close()
        let separator = server.contains("?") ? "&" : "?"
        let url =
            server + separator + "options=" + (try #require("-c search_path=\(schema)".addingPercentEncoding(withAllowedCharacters: .alphanumerics)))
        return (
            url,
            {
                let admin = try await PostgresDatabase(info: info, options: DatabaseOptions(poolSize: 1), logger: TestEnvironment.logger)
                try await admin.execute(SQL(sql: "DROP SCHEMA \(schema) CASCADE"))
                await admin.close()
            }
        )
    }
}
