/// The SQL flavour a database speaks, for the few statements that differ.
public enum SQLDialect: String, Sendable, Hashable {
    /// SQLite 3 through libsqlite3.
    case sqlite
    /// PostgreSQL through libpq.
    case postgres
}

/// Something that runs SQL statements: a database or an open transaction.
public protocol QueryExecutor: Sendable {
    /// The dialect of the SQL this executor runs.
    var dialect: SQLDialect { get }

    /// Runs one statement that returns no rows.
    /// - Parameter sql: one statement, with `?` placeholders for its bound values.
    /// - Returns: the number of rows the statement inserted, updated or deleted.
    /// - Throws: `DatabaseError`.
    @discardableResult
    func execute(_ sql: SQL) async throws -> Int

    /// Runs one statement and returns its rows.
    /// - Parameter sql: one statement, with `?` placeholders for its bound values.
    /// - Returns: every row, in the order the database produced them.
    /// - Throws: `DatabaseError`.
    func query(_ sql: SQL) async throws -> [Row]
}

/// An open transaction, handed to the closure of `SQLDatabase.transaction`.
///
/// It is valid only while that closure runs; using it afterwards throws.
public protocol Transaction: QueryExecutor {
    /// Runs trusted SQL text holding several statements and no parameters.
    ///
    /// Meant for migration files; never pass it text built from input.
    /// - Parameter text: statements separated by semicolons.
    /// - Throws: `DatabaseError`.
    func executeScript(_ text: String) async throws
}

/// A database: SQLite or Postgres behind one asynchronous interface.
///
/// Every call hands the blocking driver work to a connection's own queue,
/// so callers on an event loop or the concurrency pool never block.
public protocol SQLDatabase: QueryExecutor {
    /// Runs `body` inside one transaction on one connection.
    ///
    /// The transaction commits when `body` returns and rolls back when it throws.
    /// SQLite transactions start with `BEGIN IMMEDIATE`, taking the write lock at once.
    /// - Parameter body: the work; its statements go through the transaction it receives.
    /// - Returns: what `body` returned.
    /// - Throws: what `body` threw, or `DatabaseError` from BEGIN or COMMIT.
    @discardableResult
    func transaction<T: Sendable>(_ body: @Sendable (any Transaction) async throws -> T) async throws -> T

    /// Checks that the database answers a trivial query in time.
    /// - Parameter timeout: how long to wait, including for a free connection.
    /// - Throws: `DatabaseError` of kind `.timeout` or the driver's failure.
    func ping(timeout: Duration) async throws

    /// Closes every connection; later calls throw `DatabaseError` of kind `.closed`.
    func close() async
}

extension QueryExecutor {
    /// Runs one statement and decodes each row.
    /// - Parameters:
    ///   - type: the record type to decode.
    ///   - sql: one statement with its bound values.
    /// - Returns: the decoded rows, in order.
    /// - Throws: `DatabaseError`, including `.decoding` for a row that does not fit `type`.
    public func query<T: RowDecodable>(_ type: T.Type, _ sql: SQL) async throws -> [T] {
        try await query(sql).map { try T(row: $0) }
    }

    /// Runs one statement and returns its first row, if any.
    /// - Parameter sql: one statement with its bound values.
    /// - Returns: the first row, or nil when there is none.
    /// - Throws: `DatabaseError`.
    public func queryFirst(_ sql: SQL) async throws -> Row? {
        try await query(sql).first
    }

    /// Runs one statement and decodes its first row, if any.
    /// - Parameters:
    ///   - type: the record type to decode.
    ///   - sql: one statement with its bound values.
    /// - Returns: the decoded first row, or nil when there is none.
    /// - Throws: `DatabaseError`.
    public func queryFirst<T: RowDecodable>(_ type: T.Type, _ sql: SQL) async throws -> T? {
        try await query(sql).first.map { try T(row: $0) }
    }
}
