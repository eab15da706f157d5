package import Database
import Foundation
package import Logging
import Testing

/// The drivers a database test runs on: SQLite always, Postgres when TEST_DATABASE_URL is set.
package enum DatabaseDriver: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    /// SQLite, plus Postgres when a server is configured (`scripts/with-postgres.sh` sets one up).
    package static var available: [DatabaseDriver] {
        TestEnvironment.postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    package var testDescription: String { rawValue }
}

package enum TestEnvironment {
    /// TEST_DATABASE_URL, if set and not empty.
    package static var postgresURL: String? {
        guard let value = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], !value.isEmpty else { return nil }
        return value
    }

    package static let logger = Logger(label: "database-tests") { _ in SwiftLogNoOpLogHandler() }
}

/// A fresh, empty database location for one test (the Database, store, queue and event tests): a SQLite file in a new
/// temporary folder, or a new Postgres schema (selected through the
/// `options=-c search_path=…` connection parameter), so tests run in parallel.
package struct TestLocation: Sendable {
    package let url: DatabaseURL
    private let cleanup: @Sendable () async throws -> Void

    package static func make(_ driver: DatabaseDriver) async throws -> TestLocation {
        switch driver {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dbtest-\(UUID().uuidString)")
            let url = DatabaseURL.sqliteFile(path: folder.appendingPathComponent("db.sqlite3").path)
            return TestLocation(url: url) { try? FileManager.default.removeItem(at: folder) }
        case .postgres:
            return try await makeSchema()
        }
    }

    private static func makeSchema() async throws -> TestLocation {
        let serverURL = try #require(TestEnvironment.postgresURL, "TEST_DATABASE_URL is not set")
        guard case .postgres(var info) = try DatabaseURL(parsing: serverURL) else {
            throw DatabaseError(kind: .invalidURL, message: "TEST_DATABASE_URL is not a Postgres URL")
        }
        let admin = try await PostgresDatabase(info: info, options: DatabaseOptions(poolSize: 1), logger: TestEnvironment.logger)
        let schema = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await admin.execute(SQL(sql: "CREATE SCHEMA \(schema)"))
        await admin.close()
        let existing = info.parameter("options").map { $0 + " " } ?? ""
        info.parameters.removeAll { $0.key == "options" }
        info.parameters.append(.init(key: "options", value: existing + "-c search_path=\(schema)"))
        let adminInfo = info
        return TestLocation(url: .postgres(info)) {
            let admin = try await PostgresDatabase(info: adminInfo, options: DatabaseOptions(poolSize: 1), logger: TestEnvironment.logger)
            try await admin.execute(SQL(sql: "DROP SCHEMA \(schema) CASCADE"))
            await admin.close()
        }
    }

    init(url: DatabaseURL, cleanup: @escaping @Sendable () async throws -> Void) {
        self.url = url
        self.cleanup = cleanup
    }

    package func open(_ options: DatabaseOptions = DatabaseOptions(poolSize: 4)) async throws -> any SQLDatabase {
        try await openDatabase(url: url, options: options, logger: TestEnvironment.logger)
    }

    package func remove() async throws {
        try await cleanup()
    }
}

/// Runs `body` with a database in a fresh location, then closes and removes it.
package func withTestDatabase<T: Sendable>(
    _ driver: DatabaseDriver, options: DatabaseOptions = DatabaseOptions(poolSize: 4),
    _ body: (any SQLDatabase) async throws -> T
) async throws -> T {
    try await withTestLocation(driver) { location in
        let database = try await location.open(options)
        do {
            let result = try await body(database)
            await database.close()
            return result
        } catch {
            await database.close()
            throw error
        }
    }
}

/// Runs `body` with a fresh location, then removes it.
package func withTestLocation<T: Sendable>(_ driver: DatabaseDriver, _ body: (TestLocation) async throws -> T) async throws -> T {
    let location = try await TestLocation.make(driver)
    do {
        let result = try await body(location)
        try await location.remove()
        return result
    } catch {
        try? await location.remove()
        throw error
    }
}
