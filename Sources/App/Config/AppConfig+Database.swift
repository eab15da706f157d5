public import Database
import Foundation

extension AppConfig {
    /// Where the data lives and how it is reached.
    public struct DatabaseSettings: Sendable {
        /// DATABASE_URL (default sqlite:///data/db.sqlite3): `sqlite://…` or `postgres://…`.
        public var url: DatabaseURL
        /// DB_POOL_SIZE (default 10 connections) and DB_STATEMENT_TIMEOUT_MS (default 15,000 ms).
        public var options: DatabaseOptions
        /// MIGRATIONS_DIR when set, else the migrations compiled into the binary.
        public var migrations: MigrationSource
        /// MIGRATE_ON_START (default true): `serve` and `worker` apply pending migrations first.
        public var migrateOnStart: Bool

        init(_ env: Environment) throws {
            do {
                url = try DatabaseURL(parsing: env.string("DATABASE_URL", default: "sqlite:///data/db.sqlite3"))
            } catch {
                // The database layer's message never contains the password.
                throw ConfigError(variable: "DATABASE_URL", problem: "\(error)")
            }
            options = DatabaseOptions(
                poolSize: try env.int("DB_POOL_SIZE", default: 10, range: 1...200),
                statementTimeout: .milliseconds(try env.int("DB_STATEMENT_TIMEOUT_MS", default: 15_000, range: 100...3_600_000)))
            migrations = env.string("MIGRATIONS_DIR").map { .directory(URL(fileURLWithPath: $0)) } ?? .files(EmbeddedMigrations.files)
            migrateOnStart = try env.bool("MIGRATE_ON_START", default: true)
        }
    }
}
