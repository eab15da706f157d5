import Database
import Foundation
import Logging
import TestSupport
import Testing

/// Drivers a store test runs on: SQLite always, Postgres when TEST_DATABASE_URL is set.
enum StoreDriver: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    static var available: [StoreDriver] {
        StoreTestDatabase.postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    var testDescription: String { rawValue }
}

/// A migrated database in a fresh location (temporary SQLite file or new Postgres schema).
enum StoreTestDatabase {
    static let logger = Logger(label: "store-tests") { _ in SwiftLogNoOpLogHandler() }

    static var postgresURL: String? {
        guard let value = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], !value.isEmpty else { return nil }
        return value
    }

    /// The project's Migrations/ folder, found from this source file.
    static var migrations: URL { Repository.migrations }

    /// Runs `body` with a freshly migrated database, then removes it.
    static func with<T: Sendable>(_ driver: StoreDriver, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let (url, cleanup) = try await makeLocation(driver)
        let database: any SQLDatabase
        do {
            database = try await openDatabase(url: url, options: DatabaseOptions(poolSize: 4), logger: logger)
        } catch {
            try? await cleanup()
            throw error
        }
        do {
            try await Migrator(directory: migrations, logger: logger).migrate(database)
            let result = try await body(database)
            await database.close()
            try await cleanup()
            return result
        } catch {
            await database.close()
            try? await cleanup()
            throw error
        }
    }

    private static func makeLocation(_ driver: StoreDriver) async throws -> (DatabaseURL, @Sendable () async throws -> Void) {
        switch driver {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("storetest-\(UUID().uuidString)")
            return (
                .sqliteFile(path: folder.appendingPathComponent("db.sqlite3").path),
                { try? FileManager.default.removeItem(at: folder) }
            )
        case .postgres:
            let server = try #require(postgresURL)
            guard case .postgres(var info) = try DatabaseURL(parsing: server) else {
                throw DatabaseError(kind: .invalidURL, message: "TEST_DATABASE_URL is not a Postgres URL")
            }
            let schema = "store_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            let admin = try await PostgresDatabase(info: info, options: DatabaseOptions(poolSize: 1), logger: logger)
            try await admin.execute(SQL(sql: "CREATE SCHEMA \(schema)"))
            await admin.close()
            let adminInfo = info
            info.parameters.append(.init(key: "options", value: "-c search_path=\(schema)"))
            return (
                .postgres(info),
                {
                    let admin = try await PostgresDatabase(info: adminInfo, options: DatabaseOptions(poolSize: 1), logger: logger)
                    try await admin.execute(SQL(sql: "DROP SCHEMA \(schema) CASCADE"))
                    await admin.close()
                }
            )
        }
    }
}
