import Database
import Foundation
import TestSupport
import Testing

/// A private cluster is stopped and started under a live pool; the pool recovers by itself.
@Suite(.enabled(if: ThrowawayPostgres.isAvailable, "needs the Postgres server binaries"))
struct PostgresRecoveryTests {
    @Test func pingFailsWhileStoppedAndRecoversAfterRestart() async throws {
        let server = try await ThrowawayPostgres()
        do {
            let db = try await openDatabase(
                url: try DatabaseURL(parsing: server.url),
                options: DatabaseOptions(poolSize: 3), logger: TestEnvironment.logger)
            try await db.execute("CREATE TABLE marks (id INTEGER PRIMARY KEY)")
            // Fill the pool so every idle connection is broken by the restart.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for id in 0..<6 { group.addTask { try await db.execute("INSERT INTO marks VALUES (\(id))") } }
                try await group.waitForAll()
            }
            // Successful pings get a wide deadline: a loaded test run can delay scheduling by seconds.
            try await db.ping(timeout: .seconds(60))

            try await server.stop()
            await #expect(throws: DatabaseError.self) { try await db.ping(timeout: .seconds(2)) }
            await #expect(throws: DatabaseError.self) { try await db.query("SELECT 1") }

            try await server.start()
            try await db.ping(timeout: .seconds(60))
            let rows = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        let row = try #require(try await db.queryFirst("SELECT COUNT(*) AS n FROM marks"))
                        return try row.decode(Int.self, "n")
                    }
                }
                var counts: [Int] = []
                for try await count in group { counts.append(count) }
                return counts
            }
            #expect(rows == Array(repeating: 6, count: 6))
            await db.close()
        } catch {
            await server.destroy()
            throw error
        }
        await server.destroy()
    }

    @Test func brokenIdleConnectionsAreReplacedWithoutFailingCallers() async throws {
        let server = try await ThrowawayPostgres()
        do {
            let db = try await openDatabase(
                url: try DatabaseURL(parsing: server.url),
                options: DatabaseOptions(poolSize: 2), logger: TestEnvironment.logger)
            _ = try await db.query("SELECT 1")
            try await server.stop()
            try await server.start()
            // No ping first: the first statement after the restart must simply work.
            let row = try #require(try await db.queryFirst("SELECT 41 + 1 AS answer"))
            #expect(try row.decode(Int.self, "answer") == 42)
            await db.close()
        } catch {
            await server.destroy()
            throw error
        }
        await server.destroy()
    }
}
