internal import CSQLite
internal import Dispatch
internal import Foundation

/// One libsqlite3 connection, confined to its own serial queue.
// @unchecked Sendable: the sqlite3 handle and statement cache; protected by `queue` (every use goes through `perform`); checked by dispatchPrecondition in `onQueue`.
final class SQLiteConnection: @unchecked Sendable {
    private let queue: DispatchQueue
    private var handle: OpaquePointer?
    private var statements: [String: Prepared] = [:]
    /// Prepared statements kept per connection; the cache is cleared when it grows past this.
    private static let statementCacheLimit = 128

    private init(queue: DispatchQueue, handle: OpaquePointer) {
        self.queue = queue
        self.handle = handle
    }

    /// Opens a connection on a new queue and applies the pragmas every connection needs.
    /// - Parameters:
    ///   - path: the file, or ":memory:".
    ///   - readOnly: a reader of the pool.
    ///   - busyTimeout: how long to wait for another process's lock.
    static func open(path: String, readOnly: Bool, busyTimeout: Duration) async throws -> SQLiteConnection {
        let queue = DispatchQueue(label: readOnly ? "sqlite.reader" : "sqlite.writer")
        return try await queue.perform {
            var handle: OpaquePointer?
            let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
            let status = sqlite3_open_v2(path, &handle, flags, nil)
            guard status == SQLITE_OK, let handle else {
                let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
                sqlite3_close_v2(handle)
                throw DatabaseError(
                    kind: .connectionFailed, driver: .sqlite, code: String(status),
                    message: "cannot open the SQLite database: \(message)")
            }
            let connection = SQLiteConnection(queue: queue, handle: handle)
            try connection.configure(readOnly: readOnly, busyTimeout: busyTimeout)
            return connection
        }
    }

    /// Runs work on the connection's queue.
    func perform<T: Sendable>(_ work: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await queue.perform { try work(self) }
    }

    /// Runs work on the connection's queue without waiting for it.
    func enqueue(_ work: @escaping @Sendable (SQLiteConnection) -> Void) {
        queue.async { work(self) }
    }

    /// Closes the connection on its queue without waiting.
    func close() {
        queue.async {
            for prepared in self.statements.values { sqlite3_finalize(prepared.statement) }
            self.statements = [:]
            sqlite3_close_v2(self.handle)
            self.handle = nil
        }
    }

    private func configure(readOnly: Bool, busyTimeout: Duration) throws(DatabaseError) {
        let db = try onQueue()
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, Int32(clamping: busyTimeout.milliseconds))
        if readOnly {
            try executeScript("PRAGMA query_only = ON")
        } else {
            // WAL lets readers run beside the writer; NORMAL sync is safe with WAL.
            try executeScript("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON")
        }
    }

    private func onQueue() throws(DatabaseError) -> OpaquePointer {
        dispatchPrecondition(condition: .onQueue(queue))
        guard let handle else { throw DatabaseError(kind: .closed, driver: .sqlite, message: "connection closed") }
        return handle
    }

    // MARK: Work on the queue

    /// Whether the connection is outside any transaction.
    func isAutocommit() throws(DatabaseError) -> Bool {
        sqlite3_get_autocommit(try onQueue()) != 0
    }

    /// Runs several statements without parameters.
    func executeScript(_ text: String) throws(DatabaseError) {
        let db = try onQueue()
        var errorMessage: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(db, text, nil, nil, &errorMessage)
        defer { sqlite3_free(errorMessage) }
        guard status == SQLITE_OK else {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(db))
            throw SQLiteConnection.error(code: sqlite3_extended_errcode(db), message: message, sql: text)
        }
    }

    /// Whether the statement only reads (so a read-only reader may run it).
    func isReadOnly(_ sql: SQL) throws(DatabaseError) -> Bool {
        sqlite3_stmt_readonly(try prepare(sql).statement) != 0
    }

    /// Runs one statement, returning its rows and the number of rows it changed.
    func run(_ sql: SQL) throws(DatabaseError) -> (rows: [Row], changes: Int) {
        let db = try onQueue()
        let prepared = try prepare(sql)
        let (statement, columns) = (prepared.statement, prepared.columns)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        do {
            try bind(sql.values, to: statement)
        } catch {
            throw error.with(sql: sql.text, values: sql.values)
        }
        var rows: [Row] = []
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else {
                throw SQLiteConnection.error(
                    code: sqlite3_extended_errcode(db), message: String(cString: sqlite3_errmsg(db)),
                    sql: sql.text, values: sql.values)
            }
            rows.append(Row(columns: columns, values: SQLiteConnection.values(of: statement, count: columns.names.count)))
        }
        return (rows, Int(sqlite3_changes64(db)))
    }

    /// A cached statement with its result columns, named once rather than per query.
    private struct Prepared {
        let statement: OpaquePointer
        let columns: RowColumns
    }

    private func prepare(_ sql: SQL) throws(DatabaseError) -> Prepared {
        let db = try onQueue()
        if let cached = statements[sql.text] { return cached }
        let text = try sql.prepared(for: .sqlite)
        var statement: OpaquePointer?
        // `tail` points into the C string, so it is read while that string is alive.
        let (status, trailing) = text.withCString { cText -> (Int32, String) in
            var tail: UnsafePointer<CChar>?
            let status = sqlite3_prepare_v3(db, cText, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, &tail)
            return (status, tail.map { String(cString: $0) } ?? "")
        }
        guard status == SQLITE_OK, let statement else {
            throw SQLiteConnection.error(
                code: sqlite3_extended_errcode(db), message: String(cString: sqlite3_errmsg(db)),
                sql: sql.text, values: sql.values)
        }
        if !trailing.allSatisfy({ $0 == ";" || $0.isWhitespace }) {
            sqlite3_finalize(statement)
            throw DatabaseError(
                kind: .statement, driver: .sqlite, message: "one statement per call; use executeScript for several",
                sql: sql.text)
        }
        if statements.count >= SQLiteConnection.statementCacheLimit {
            for cached in statements.values { sqlite3_finalize(cached.statement) }
            statements = [:]
        }
        let prepared = Prepared(statement: statement, columns: SQLiteConnection.columns(of: statement))
        statements[sql.text] = prepared
        return prepared
    }
}
