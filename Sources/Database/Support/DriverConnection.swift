/// What a driver's connection offers a transaction: blocking statements run
/// on the connection's own thread through `perform`.
protocol DriverConnection: AnyObject, Sendable {
    /// The dialect the connection speaks.
    static var dialect: SQLDialect { get }
    /// Runs `work` with the connection on its thread.
    func perform<T: Sendable>(_ work: @escaping @Sendable (Self) throws -> T) async throws -> T
    /// One statement with bound values.
    func run(_ sql: SQL) throws(DatabaseError) -> (rows: [Row], changes: Int)
    /// Several statements of trusted text (migrations).
    func executeScript(_ text: String) throws(DatabaseError)
}

extension SQLiteConnection: DriverConnection {
    static var dialect: SQLDialect { .sqlite }
}

extension PostgresConnection: DriverConnection {
    static var dialect: SQLDialect { .postgres }
}
