import Database
import Foundation
import TestSupport
import Testing

@Suite(.enabled(if: TestEnvironment.postgresURL != nil, "needs TEST_DATABASE_URL"))
struct PostgresDatabaseTests {
    @Test func sessionIsUTCWithISODatesAndURLParametersReachLibpq() async throws {
        try await withTestLocation(.postgres) { location in
            guard case .postgres(var info) = location.url else { return }
            info.parameters.append(.init(key: "application_name", value: "param-check"))
            let db = try await PostgresDatabase(info: info, logger: TestEnvironment.logger)
            let settings = try #require(
                try await db.queryFirst(
                    "SELECT current_setting('TimeZone') AS tz, current_setting('DateStyle') AS ds, current_setting('application_name') AS app, current_setting('statement_timeout') AS st"
                ))
            #expect(try settings.decode(String.self, "tz") == "UTC")
            #expect(try settings.decode(String.self, "ds").hasPrefix("ISO"))
            #expect(try settings.decode(String.self, "app") == "param-check")
            #expect(try settings.decode(String.self, "st") == "15s")
            await db.close()
        }
    }

    @Test func statementTimeoutIsATypedError() async throws {
        try await withTestDatabase(.postgres, options: DatabaseOptions(poolSize: 1, statementTimeout: .milliseconds(100))) { db in
            do {
                _ = try await db.query("SELECT pg_sleep(2)")
                Issue.record("the statement outlived its timeout")
            } catch let error as DatabaseError {
                #expect(error.kind == .timeout)
                #expect(error.code == "57014")
            }
            // The connection survives a cancelled statement.
            _ = try await db.query("SELECT 1")
        }
    }

    @Test func jsonColumnsAreJSONB() async throws {
        try await withTestDatabase(.postgres) { db in
            try await db.execute("CREATE TABLE docs (id INTEGER PRIMARY KEY, body JSONB NOT NULL)")
            try await db.execute("INSERT INTO docs VALUES (1, \(try DatabaseJSON(encoding: ["k": [1, 2]])))")
            let row = try #require(try await db.queryFirst("SELECT body -> 'k' ->> 1 AS second FROM docs"))
            #expect(try row.decode(String.self, "second") == "2")
        }
    }

    @Test func wrongPasswordOrServerFailsWithoutShowingThePassword() async throws {
        let url = try DatabaseURL(parsing: "postgres://nobody:topsecret-pw@/postgres?host=/nonexistent-socket-dir&connect_timeout=2")
        do {
            _ = try await openDatabase(url: url, logger: TestEnvironment.logger)
            Issue.record("connected to nothing")
        } catch let error as DatabaseError {
            #expect(error.kind == .connectionFailed)
            #expect(!error.description.contains("topsecret"))
            #expect(!url.description.contains("topsecret"))
        }
    }

    @Test func unknownConnectionParameterIsRejectedByLibpq() async throws {
        try await withTestLocation(.postgres) { location in
            guard case .postgres(var info) = location.url else { return }
            info.parameters.append(.init(key: "no_such_option", value: "1"))
            await #expect(throws: DatabaseError.self) {
                _ = try await PostgresDatabase(info: info, logger: TestEnvironment.logger)
            }
        }
    }

    @Test func terminatedBackendIsReplacedAtCheckout() async throws {
        try await withTestLocation(.postgres) { location in
            let db = try await location.open(DatabaseOptions(poolSize: 1))
            let admin = try await location.open(DatabaseOptions(poolSize: 1))
            let before = try #require(try await db.queryFirst("SELECT pg_backend_pid() AS pid"))
            let pid = try before.decode(Int.self, "pid")
            // The two-argument form waits until the backend has exited (Postgres 14+).
            _ = try await admin.query("SELECT pg_terminate_backend(CAST(\(pid) AS INTEGER), 5000)")
            let after = try #require(try await db.queryFirst("SELECT pg_backend_pid() AS pid"))
            #expect(try after.decode(Int.self, "pid") != pid)
            await db.close()
            await admin.close()
        }
    }

    @Test func poolNeverOpensMoreThanItsSize() async throws {
        try await withTestLocation(.postgres) { location in
            guard case .postgres(var info) = location.url else { return }
            let name = "pool-\(UUID().uuidString.prefix(8))"
            info.parameters.append(.init(key: "application_name", value: name))
            let db = try await PostgresDatabase(info: info, options: DatabaseOptions(poolSize: 3), logger: TestEnvironment.logger)
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        let row = try #require(
                            try await db.queryFirst(
                                "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE application_name = \(name)"))
                        return try row.decode(Int.self, "n")
                    }
                }
                var counts: [Int] = []
                for try await count in group { counts.append(count) }
                return counts
            }
            #expect(counts.allSatisfy { (1...3).contains($0) })
            await db.close()
        }
    }
}
