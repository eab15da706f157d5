public import Foundation
public import Logging

/// Applies migration files (a folder's, or those compiled into the binary) in version order, each once.
///
/// Each file runs in its own transaction together with its row in
/// `schema_migrations`, so a failing file leaves no trace. Concurrent
/// migrators (two servers starting at once) serialize on a lock taken inside
/// each transaction: `pg_advisory_xact_lock` on Postgres, the write lock of
/// `BEGIN IMMEDIATE` on SQLite; whoever comes second sees the row and skips
/// the file. A file whose checksum changed after it ran stops the run.
public struct Migrator: Sendable {
    /// Where the migration files come from.
    public let source: MigrationSource
    private let logger: Logger
    /// Key of the Postgres advisory lock that serializes migrators ("audiomig" in ASCII).
    private static let lockKey: Int64 = 0x6175_6469_6F6D_6967

    /// Creates a migrator.
    /// - Parameters:
    ///   - source: the `NNNN_name[.dialect].sql` files, from a folder or embedded.
    ///   - logger: where each applied migration is logged.
    public init(source: MigrationSource, logger: Logger) {
        self.source = source
        self.logger = logger
    }

    /// Creates a migrator over the `.sql` files of a folder.
    /// - Parameters:
    ///   - directory: the folder of `NNNN_name[.dialect].sql` files.
    ///   - logger: where each applied migration is logged.
    public init(directory: URL, logger: Logger) {
        self.init(source: .directory(directory), logger: logger)
    }

    /// The migrations for a dialect, in order.
    /// - Throws: `DatabaseError` of kind `.migration` for an unreadable folder or a misnamed file.
    public func migrations(for dialect: SQLDialect) async throws -> [Migration] {
        let source = source
        // A serial queue of its own gets its own thread: the global pool is shared with the concurrency runtime.
        return try await DispatchQueue(label: "migrations.read").perform { try source.migrations(for: dialect) }
    }

    /// The rows of `schema_migrations`, by version; empty when the table does not exist yet.
    /// - Throws: `DatabaseError`.
    public func appliedMigrations(in database: any SQLDatabase) async throws -> [AppliedMigration] {
        try await database.transaction { transaction in
            try await Self.prepareTable(transaction)
            return try await Self.applied(transaction)
        }
    }

    /// The migrations that have not run yet, after checking that those that ran are unchanged.
    /// - Throws: `DatabaseError` of kind `.migration` on a checksum mismatch.
    public func pendingMigrations(in database: any SQLDatabase) async throws -> [Migration] {
        let all = try await migrations(for: database.dialect)
        let applied = try await appliedMigrations(in: database)
        try Self.verify(all, against: applied)
        let done = Set(applied.map(\.version))
        return all.filter { !done.contains($0.version) }
    }

    /// Applies every pending migration.
    /// - Parameter database: the database to migrate.
    /// - Returns: the migrations this call applied, in order (empty when up to date).
    /// - Throws: `DatabaseError` of kind `.migration` on a checksum mismatch, or the failing statement's error.
    @discardableResult
    public func migrate(_ database: any SQLDatabase) async throws -> [Migration] {
        var appliedNow: [Migration] = []
        for migration in try await pendingMigrations(in: database) {
            if try await apply(migration, to: database) {
                logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                appliedNow.append(migration)
            }
        }
        return appliedNow
    }

    /// Applies one migration unless another migrator got there first; returns whether this call applied it.
    private func apply(_ migration: Migration, to database: any SQLDatabase) async throws -> Bool {
        try await database.transaction { transaction in
            try await Self.lock(transaction)
            let existing = try await transaction.queryFirst(
                AppliedMigration.self, "SELECT version, name, checksum, applied_at FROM schema_migrations WHERE version = \(migration.version)")
            if let existing {
                try Self.verify([migration], against: [existing])
                return false
            }
            do {
                try await transaction.executeScript(migration.sql)
            } catch let error as DatabaseError {
                throw DatabaseError(
                    kind: error.kind, driver: error.driver, code: error.code,
                    message: "migration \(migration.fileName) failed: \(error.message)")
            }
            try await transaction.execute(
                """
                INSERT INTO schema_migrations (version, name, checksum, applied_at)
                VALUES (\(migration.version), \(migration.name), \(migration.checksum), \(Date()))
                """)
            return true
        }
    }

    private static func verify(_ migrations: [Migration], against applied: [AppliedMigration]) throws {
        let byVersion = Dictionary(applied.map { ($0.version, $0) }, uniquingKeysWith: { first, _ in first })
        for migration in migrations {
            guard let record = byVersion[migration.version], record.checksum != migration.checksum else { continue }
            throw DatabaseError(
                kind: .migration,
                message: "migration \(migration.fileName) was changed after it was applied "
                    + "(recorded checksum \(record.checksum.prefix(12))…, file \(migration.checksum.prefix(12))…); "
                    + "add a new migration instead of editing an applied one")
        }
    }

    private static func lock(_ transaction: any Transaction) async throws {
        // SQLite's BEGIN IMMEDIATE already holds the write lock.
        if transaction.dialect == .postgres {
            _ = try await transaction.query("SELECT pg_advisory_xact_lock(\(lockKey))")
        }
    }

    private static func prepareTable(_ transaction: any Transaction) async throws {
        try await lock(transaction)
        let timestampType = transaction.dialect == .postgres ? "TIMESTAMPTZ" : "TEXT"
        try await transaction.executeScript(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version BIGINT PRIMARY KEY,
                name TEXT NOT NULL,
                checksum TEXT NOT NULL,
                applied_at \(timestampType) NOT NULL
            )
            """)
    }

    private static func applied(_ transaction: any Transaction) async throws -> [AppliedMigration] {
        try await transaction.query(
            AppliedMigration.self, "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version")
    }
}
