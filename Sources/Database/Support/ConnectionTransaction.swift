internal import Synchronization

/// A transaction on one connection (SQLite's writer, or a leased Postgres
/// connection); valid until its closure returns.
final class ConnectionTransaction<Connection: DriverConnection>: Transaction {
    private let connection: Connection
    private let isOpen = Mutex(true)

    init(connection: Connection) {
        self.connection = connection
    }

    var dialect: SQLDialect { Connection.dialect }

    func finish() {
        isOpen.withLock { $0 = false }
    }

    @discardableResult
    func execute(_ sql: SQL) async throws -> Int {
        try checkOpen()
        return try await connection.perform { try $0.run(sql).changes }
    }

    func query(_ sql: SQL) async throws -> [Row] {
        try checkOpen()
        return try await connection.perform { try $0.run(sql).rows }
    }

    func executeScript(_ text: String) async throws {
        try checkOpen()
        try await connection.perform { try $0.executeScript(text) }
    }

    private func checkOpen() throws(DatabaseError) {
        guard isOpen.withLock({ $0 }) else {
            throw DatabaseError(kind: .closed, driver: Connection.dialect, message: "transaction used after it ended")
        }
    }
}
