import Database
import Foundation
import Testing

@Suite(.enabled(if: TestEnvironment.postgresURL != nil, "needs TEST_DATABASE_URL"))
struct PostgresDatabaseTests {
    @Test func sessionIsUTCWithISODatesAndURLParametersReachLibpq() async throws {
        try await withTestLocation(.postgres) { location in
            guard case .postgres(var info) = location.url else { return }
            info.parameters.append(.init(key: "application_name", value: "param-check"))
            let db = try await PostgresDatabase(info: info, logger: TestEnvironment.logger)
            let settings = try #require(try await db.queryFirst(
                "SELECT current_setting('TimeZone') AS tz, current_setting('DateStyle') AS ds, current_setting('application_name') AS app, current_setting('statement_timeout') AS st"))
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
}
