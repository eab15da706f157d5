/// The one error type of the Database target.
///
/// `description` names the driver, code, message and SQL text but never the
/// bound values, so it is safe to log; `expandedDescription` adds them.
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in terms a caller can act on.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// A UNIQUE or PRIMARY KEY constraint rejected the row.
        public static let uniqueViolation = Kind("unique violation")
        /// A FOREIGN KEY constraint rejected the change.
        public static let foreignKeyViolation = Kind("foreign key violation")
        /// A NOT NULL constraint rejected the row.
        public static let notNullViolation = Kind("not null violation")
        /// A CHECK constraint rejected the row.
        public static let checkViolation = Kind("check violation")
        /// The connection could not be opened or was lost.
        public static let connectionFailed = Kind("connection failed")
        /// A statement or ping ran past its time limit.
        public static let timeout = Kind("timeout")
        /// SQLite's lock stayed taken past the busy timeout.
        public static let busy = Kind("busy")
        /// DATABASE_URL could not be understood.
        public static let invalidURL = Kind("invalid URL")
        /// Placeholders and bound values do not match.
        public static let binding = Kind("binding")
        /// A column could not be converted to the requested Swift type.
        public static let decoding = Kind("decoding")
        /// A migration file is missing, malformed or changed after it ran.
        public static let migration = Kind("migration")
        /// The database or transaction was used after it closed.
        public static let closed = Kind("closed")
        /// Any other failure reported by the database (syntax, missing table, …).
        public static let statement = Kind("statement")

        /// The kind's name.
        public var description: String { name }
    }

    /// What went wrong.
    public let kind: Kind
    /// The driver that failed, when one did.
    public let driver: SQLDialect?
    /// The driver's code: a Postgres SQLSTATE or a SQLite extended result code.
    public let code: String?
    /// The database's message, which never holds bound values or passwords.
    public let message: String
    /// The SQL text that failed, if any.
    public let sql: String?
    /// The bound values; kept out of `description`.
    public let values: [DatabaseValue]
    /// True when the statement never reached the server, so retrying it on a new connection is safe.
    let failedBeforeSending: Bool

    /// Creates an error.
    /// - Parameters:
    ///   - kind: what went wrong.
    ///   - driver: the failing driver, if any.
    ///   - code: SQLSTATE or SQLite result code.
    ///   - message: a message free of bound values and secrets.
    ///   - sql: the statement text.
    ///   - values: the bound values.
    public init(
        kind: Kind, driver: SQLDialect? = nil, code: String? = nil, message: String,
        sql: String? = nil, values: [DatabaseValue] = []
    ) {
        self.init(
            kind: kind, driver: driver, code: code, message: message, sql: sql, values: values,
            failedBeforeSending: false)
    }

    init(
        kind: Kind, driver: SQLDialect?, code: String?, message: String, sql: String?,
        values: [DatabaseValue], failedBeforeSending: Bool
    ) {
        self.kind = kind
        self.driver = driver
        self.code = code
        self.message = message
        self.sql = sql
        self.values = values
        self.failedBeforeSending = failedBeforeSending
    }

    /// Whether a UNIQUE or PRIMARY KEY constraint rejected the row.
    public var isUniqueViolation: Bool { kind == .uniqueViolation }
    /// Whether a FOREIGN KEY constraint rejected the change.
    public var isForeignKeyViolation: Bool { kind == .foreignKeyViolation }

    /// The driver, kind, code, message and SQL; never the bound values.
    ///
    /// URL and migration errors are already one complete sentence, fit to stop the server with.
    public var description: String {
        if kind == .invalidURL || kind == .migration { return message }
        var parts = "\(driver.map { "\($0.rawValue) " } ?? "")\(kind)"
        if let code { parts += " [\(code)]" }
        parts += ": \(message)"
        if let sql { parts += " (SQL: \(sql.count > 500 ? String(sql.prefix(500)) + "…" : sql))" }
        return parts
    }

    /// `description` plus the bound values, for local debugging only.
    public var expandedDescription: String {
        description + " values: \(values)"
    }

    /// Copies the error with the statement it belongs to.
    func with(sql: String, values: [DatabaseValue]) -> DatabaseError {
        DatabaseError(
            kind: kind, driver: driver, code: code, message: message, sql: sql, values: values,
            failedBeforeSending: failedBeforeSending)
    }
}
