public import Logging

/// A Postgres database behind a pool of libpq connections.
///
/// Each idle connection is checked when it is checked out and replaced if
/// the server dropped it, so a server restart costs no more than fresh
/// connections. A statement that failed before it was sent, outside a
/// transaction, is retried once on a new connection.
public final class PostgresDatabase: SQLDatabase {
    private let pool: ConnectionPool<PostgresConnection>
    private let logger: Logger

    /// Postgres.
    public var dialect: SQLDialect { .postgres }

    /// Creates the pool and opens one connection, so a wrong URL or an unreachable server fails here.
    /// - Parameters:
    ///   - info: where the server is; its query parameters reach libpq unchanged.
    ///   - options: pool size, statement timeout, connect timeout, application name.
    ///   - logger: where connection events go (with the password hidden).
    /// - Throws: `DatabaseError` of kind `.connectionFailed`.
    public init(info: PostgresConnectionInfo, options: DatabaseOptions = DatabaseOptions(), logger: Logger) async throws {
        self.logger = logger
        let keywords = Self.keywords(info: info, options: options)
        let timeout = options.statementTimeout
        let target = info.description
        pool = ConnectionPool(
            name: "Postgres", capacity: options.poolSize,
            create: {
                do {
                    return try await PostgresConnection.connect(keywords: keywords, statementTimeout: timeout)
                } catch {
                    logger.warning("Postgres connection failed", metadata: ["url": "\(target)", "error": "\(error)"])
                    throw error
                }
            },
            validate: { connection in
                let healthy = await connection.isHealthy()
                if !healthy { logger.info("replacing a broken Postgres connection", metadata: ["url": "\(target)"]) }
                return healthy
            },
            discard: { $0.close() })
        let first = try await pool.lease()
        pool.release(first, reusable: true)
        logger.debug("connected to Postgres", metadata: ["url": "\(target)"])
    }

    /// Runs a statement on a pooled connection.
    @discardableResult
    public func execute(_ sql: SQL) async throws -> Int {
        try await withConnection { try await $0.perform { try $0.run(sql).changes } }
    }

    /// Runs a statement on a pooled connection and returns its rows.
    public func query(_ sql: SQL) async throws -> [Row] {
        try await withConnection { try await $0.perform { try $0.run(sql).rows } }
    }

    /// Runs `body` between BEGIN and COMMIT on one connection; ROLLBACK when it throws.
    @discardableResult
    public func transaction<T: Sendable>(_ body: @Sendable (any Transaction) async throws -> T) async throws -> T {
        let connection = try await leaseWithRetry { connection in
            try await connection.perform { try $0.executeScript("BEGIN") }
        }
        let transaction = ConnectionTransaction(connection: connection)
        do {
            let result = try await body(transaction)
            transaction.finish()
            try await connection.perform { try $0.executeScript("COMMIT") }
            pool.release(connection, reusable: true)
            return result
        } catch {
            transaction.finish()
            let rolledBack: Void? = try? await connection.perform { try $0.executeScript("ROLLBACK") }
            // A connection that cannot even roll back is not fit for reuse.
            pool.release(connection, reusable: rolledBack != nil)
            throw error
        }
    }

    /// Runs `SELECT 1` within `timeout`, waiting for a connection included.
    public func ping(timeout: Duration) async throws {
        try await withDeadline(timeout, what: "Postgres") {
            _ = try await self.query("SELECT 1")
        }
    }

    /// Closes idle connections now and the others as they are returned.
    public func close() async {
        pool.close()
    }

    private func withConnection<T: Sendable>(_ work: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        var result: T?
        let connection = try await leaseWithRetry { result = try await work($0) }
        pool.release(connection, reusable: true)
        guard let result else { throw DatabaseError(kind: .statement, driver: .postgres, message: "no result") }
        return result
    }

    /// Leases a connection and runs `work` on it, once more on a fresh connection when it failed before sending.
    ///
    /// The connection is returned to the caller still leased after success, released after failure.
    private func leaseWithRetry(_ work: (PostgresConnection) async throws -> Void) async throws -> PostgresConnection {
        var attempt = 0
        while true {
            attempt += 1
            let connection = try await pool.lease()
            do {
                try await work(connection)
                return connection
            } catch let error as DatabaseError where error.kind == .connectionFailed {
                pool.release(connection, reusable: false)
                guard error.failedBeforeSending, attempt < 2 else { throw error }
                logger.info("retrying a statement on a new Postgres connection")
            } catch {
                pool.release(connection, reusable: true)
                throw error
            }
        }
    }

    /// libpq keywords: the URL's parts and parameters, plus our defaults where the URL is silent.
    static func keywords(info: PostgresConnectionInfo, options: DatabaseOptions) -> [(String, String)] {
        var keywords: [(String, String)] = []
        if let host = info.host { keywords.append(("host", host)) }
        if let port = info.port { keywords.append(("port", String(port))) }
        if let user = info.user { keywords.append(("user", user)) }
        if let password = info.password { keywords.append(("password", password)) }
        if let database = info.database { keywords.append(("dbname", database)) }
        keywords += info.parameters.map { ($0.key, $0.value) }
        let given = Set(keywords.map(\.0))
        let defaults = [
            ("connect_timeout", String(options.connectTimeoutSeconds)),
            ("application_name", options.applicationName),
            ("client_encoding", "UTF8"),
        ]
        keywords += defaults.filter { !given.contains($0.0) }
        return keywords
    }
}
