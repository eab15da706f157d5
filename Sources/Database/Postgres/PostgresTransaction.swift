internal import Synchronization

/// A transaction on one leased Postgres connection; valid until its closure returns.
final class PostgresTransaction: Transaction {
    private let connection: PostgresConnection
    private let isOpen = Mutex(true)

    init(connection: PostgresConnection) {
        self.connection = connection
    }

    var dialect: SQLDialect { .postgres }

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
            throw DatabaseError(kind: .closed, driver: .postgres, message: "transaction used after it ended")
        }
    }
}
