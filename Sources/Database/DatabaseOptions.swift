/// Tuning for a database; App/Config fills it from the environment.
public struct DatabaseOptions: Sendable {
    /// Postgres connections kept at most (DB_POOL_SIZE); > 0; default 10.
    public var poolSize: Int
    /// Longest a Postgres statement may run (DB_STATEMENT_TIMEOUT_MS); default 15 s.
    public var statementTimeout: Duration
    /// Seconds libpq waits for a connection when the URL sets no `connect_timeout`; default 5.
    public var connectTimeoutSeconds: Int
    /// `application_name` sent to Postgres when the URL sets none; default "audio-server".
    public var applicationName: String
    /// Read-only SQLite connections beside the one writer; ≥ 0; default 4 (0 for `sqlite::memory:`).
    public var sqliteReaderCount: Int
    /// How long SQLite waits for a lock another process holds; default 5 s.
    public var busyTimeout: Duration

    /// Creates options; every parameter has the default documented on its property.
    public init(
        poolSize: Int = 10, statementTimeout: Duration = .milliseconds(15_000), connectTimeoutSeconds: Int = 5,
        applicationName: String = "audio-server", sqliteReaderCount: Int = 4, busyTimeout: Duration = .seconds(5)
    ) {
        self.poolSize = max(1, poolSize)
        self.statementTimeout = statementTimeout
        self.connectTimeoutSeconds = max(1, connectTimeoutSeconds)
        self.applicationName = applicationName
        self.sqliteReaderCount = max(0, sqliteReaderCount)
        self.busyTimeout = busyTimeout
    }
}

extension Duration {
    /// Whole milliseconds, rounded down, at least 0.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
}
