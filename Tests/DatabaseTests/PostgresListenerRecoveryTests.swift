import Database
import Foundation
import TestSupport
import Testing

/// A private cluster is stopped and started under a live listener: it reconnects by itself,
/// LISTENs again, says `.reconnected`, and receives what is sent after the restart. Run beside
/// other suites, this also caught the server's goodbye and EOF arriving in one readiness event.
@Suite(.enabled(if: ThrowawayPostgres.isAvailable, "needs the Postgres server binaries"), .timeLimit(.minutes(3)))
struct PostgresListenerRecoveryTests {
    @Test func reconnectsAfterARestartAndListensAgain() async throws {
        let server = try await ThrowawayPostgres()
        do {
            guard case .postgres(let info) = try DatabaseURL(parsing: server.url) else { throw ThrowawayError("not Postgres") }
            // A short cap keeps the test quick; the schedule itself is ReconnectBackoffTests' business.
            let listener = PostgresListener(
                info: info, configuration: .init(initialBackoff: .milliseconds(50), maximumBackoff: .milliseconds(500)),
                logger: TestEnvironment.logger)
            let database = try await PostgresDatabase(info: info, options: DatabaseOptions(poolSize: 1), logger: TestEnvironment.logger)
            let jobs = EventRecorder<PostgresListener.Event>()
            let tracks = EventRecorder<PostgresListener.Event>()
            _ = await listener.listen(on: "analysis_jobs") { jobs.append($0) }
            _ = await listener.listen(on: "track_events") { tracks.append($0) }
            #expect(await listener.start())
            try await database.execute("SELECT pg_notify('analysis_jobs', 'before')")
            _ = try await jobs.wait(forCount: 1)

            try await server.stop()
            try await waitUntil { !listener.isConnected }
            try await server.start()
            // Every channel's consumer is told, so each can re-read what it keeps in step.
            _ = try await jobs.wait(timeout: .seconds(60)) { $0.contains(.reconnected) }
            _ = try await tracks.wait(timeout: .seconds(60)) { $0.contains(.reconnected) }
            #expect(listener.isConnected)

            try await database.execute("SELECT pg_notify('analysis_jobs', 'after')")
            try await database.execute("SELECT pg_notify('track_events', 'after')")
            #expect(try await jobs.wait(forCount: 3) == [.notification(payload: "before"), .reconnected, .notification(payload: "after")])
            #expect(try await tracks.wait(forCount: 2) == [.reconnected, .notification(payload: "after")])
            await listener.close()
            await database.close()
        } catch {
            await server.destroy()
            throw error
        }
        await server.destroy()
    }
}
