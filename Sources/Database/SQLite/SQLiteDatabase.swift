internal import Foundation
public import Logging

/// A SQLite database: one writer connection and a few readers.
///
/// Writes are serialized through the single writer, so they never contend
/// inside this process; `BEGIN IMMEDIATE` plus the busy timeout handle other
/// processes. WAL journaling lets the readers run while the writer writes.
/// `sqlite::memory:` uses the writer alone, since every extra connection
/// would open its own empty in-memory database.
public final class SQLiteDatabase: SQLDatabase {
    private let writer: ConnectionPool<SQLiteConnection>
    private let readers: SQLiteReaders?
    private let logger: Logger
    /// The database whose writer the current task holds for a transaction, so a
    /// write through the database itself inside `transaction` fails instead of
    /// waiting forever for that same writer.
    private static let transactionOwner = TaskLocal<ObjectIdentifier?>(wrappedValue: nil)

    /// SQLite.
    public var dialect: SQLDialect { .sqlite }

    /// Opens (creating if needed) a SQLite database and its parent folder.
    /// - Parameters:
    ///   - path: the file path, or nil for one in-memory database.
    ///   - options: reader count and busy timeout.
    ///   - logger: where connection events go.
    /// - Throws: `DatabaseError` of kind `.connectionFailed` when the file cannot be opened.
    public init(path: String?, options: DatabaseOptions = DatabaseOptions(), logger: Logger) async throws {
        self.logger = logger
        if let path {
            try await Self.createParentFolder(of: path)
        }
        let filePath = path ?? ":memory:"
        let busyTimeout = options.busyTimeout
        let first = try await SQLiteConnection.open(path: filePath, readOnly: false, busyTimeout: busyTimeout)
        let writer = ConnectionPool<SQLiteConnection>(
            name: "SQLite writer", capacity: 1,
            create: { try await SQLiteConnection.open(path: filePath, readOnly: false, busyTimeout: busyTimeout) },
            validate: { _ in true }, discard: { $0.close() })
        // Opening the writer up front makes a bad path fail here, and turns on WAL before any reader opens.
        writer.seed(first)
        self.writer = writer
        if path != nil, options.sqliteReaderCount > 0 {
            readers = SQLiteReaders(capacity: options.sqliteReaderCount) {
                try await SQLiteConnection.open(path: filePath, readOnly: true, busyTimeout: busyTimeout)
            }
        } else {
            readers = nil
        }
        logger.debug("opened SQLite database", metadata: ["path": "\(filePath)"])
    }

    /// Runs a statement on the writer.
    @discardableResult
    public func execute(_ sql: SQL) async throws -> Int {
        try await withWriter { connection in
            try await connection.perform { try $0.run(sql).changes }
        }
    }

    /// Runs a statement on a reader, or on the writer when it writes (`INSERT … RETURNING`).
    public func query(_ sql: SQL) async throws -> [Row] {
        if let readers {
            let rows = try await readers.perform { connection in
                try connection.isReadOnly(sql) ? connection.run(sql).rows : nil
            }
            if let rows { return rows }
        }
        return try await withWriter { connection in
            try await connection.perform { try $0.run(sql).rows }
        }
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction on the writer.
    @discardableResult
    public func transaction<T: Sendable>(_ body: @Sendable (any Transaction) async throws -> T) async throws -> T {
        try await withWriter { connection in
            try await connection.perform { try $0.executeScript("BEGIN IMMEDIATE") }
            let transaction = ConnectionTransaction(connection: connection)
            do {
                let result = try await Self.transactionOwner.withValue(ObjectIdentifier(self)) {
                    try await body(transaction)
                }
                transaction.finish()
                try await connection.perform { try $0.executeScript("COMMIT") }
                return result
            } catch {
                transaction.finish()
                // The body's error is the one to report; a failed ROLLBACK leaves autocommit on anyway.
                try? await connection.perform { connection in
                    // A failed COMMIT may already have ended the transaction.
                    if try !connection.isAutocommit() { try connection.executeScript("ROLLBACK") }
                }
                throw error
            }
        }
    }

    /// Runs `SELECT 1` within `timeout`.
    public func ping(timeout: Duration) async throws {
        try await withDeadline(timeout, what: "SQLite") {
            _ = try await self.query("SELECT 1")
        }
    }

    /// Closes every connection.
    public func close() async {
        writer.close()
        readers?.close()
    }

    private func withWriter<T: Sendable>(_ work: (SQLiteConnection) async throws -> T) async throws -> T {
        guard Self.transactionOwner.get() != ObjectIdentifier(self) else {
            throw DatabaseError(
                kind: .statement, driver: .sqlite,
                message: "inside transaction { tx in … } write through tx, not the database (it holds the only writer)")
        }
        let connection = try await writer.lease()
        do {
            let result = try await work(connection)
            writer.release(connection, reusable: true)
            return result
        } catch {
            writer.release(connection, reusable: true)
            throw error
        }
    }

    private static func createParentFolder(of path: String) async throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try await DispatchQueue(label: "sqlite.create-folder").perform {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw DatabaseError(
                    kind: .connectionFailed, driver: .sqlite,
                    message: "cannot create the folder of the SQLite file: \(error.localizedDescription)")
            }
        }
    }
}
