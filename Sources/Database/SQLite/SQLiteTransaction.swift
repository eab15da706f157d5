internal import Synchronization

/// A transaction on the SQLite writer; valid until its closure returns.
final class SQLiteTransaction: Transaction {
    private let connection: SQLiteConnection
    private let isOpen = Mutex(true)

    init(connection: SQLiteConnection) {
        self.connection = connection
    }

    var dialect: SQLDialect { .sqlite }

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
            throw DatabaseError(kind: .closed, driver: .sqlite, message: "transaction used after it ended")
        }
    }
}
