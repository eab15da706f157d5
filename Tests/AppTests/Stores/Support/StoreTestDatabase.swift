import Database
import Foundation
import TestSupport
import Testing

/// A migrated database in a fresh location (TestSupport's temporary SQLite file or new Postgres schema).
enum StoreTestDatabase {
    /// Runs `body` with a freshly migrated database, then removes it.
    static func with<T: Sendable>(_ driver: DatabaseDriver, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await withTestDatabase(driver) { database in
            try await Migrator(directory: Repository.migrations, logger: TestEnvironment.logger).migrate(database)
            return try await body(database)
        }
    }
}
