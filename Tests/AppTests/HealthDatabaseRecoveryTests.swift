import Foundation
import HTTPServer
import TestSupport
import Testing

@testable import App

/// /health/ follows the database: 503 while Postgres is down, 200 once it is back,
/// without restarting the server.
@Suite(.enabled(if: ThrowawayPostgres.isAvailable, "needs the Postgres server binaries"))
struct HealthDatabaseRecoveryTests {
    @Test func healthGoesUnhealthyAndRecoversWithPostgres() async throws {
        let postgres = try await ThrowawayPostgres()
        do {
            let harness = try await AppHarness(["DATABASE_URL": postgres.url])
            #expect(await harness.request(.get, "/health/").status == .ok)

            try await postgres.stop()
            let down = try await eventually {
                await harness.request(.get, "/health/")
            } until: {
                $0.status == .serviceUnavailable
            }
            let database = (down.json["checks"] as? [String: Any])?["database"] as? String
            #expect(database?.hasPrefix("unhealthy: ") == true)
            #expect(database?.contains(postgres.folder.path) == false)  // no connection details leak

            try await postgres.start()
            _ = try await eventually {
                await harness.request(.get, "/health/")
            } until: {
                $0.status == .ok
            }
        } catch {
            await postgres.destroy()
            throw error
        }
        await postgres.destroy()
    }

    /// Asks again (results are cached ~1 s) until `done` holds, for at most 15 s.
    private func eventually(
        _ ask: () async -> Response, until done: (Response) -> Bool
    ) async throws -> Response {
        let deadline = ContinuousClock.now + .seconds(15)
        while true {
            let response = await ask()
            if done(response) { return response }
            guard ContinuousClock.now < deadline else {
                Issue.record("no change within 15 s; last status \(response.status)")
                return response
            }
            try await Task.sleep(for: .milliseconds(250))
        }
    }
}
