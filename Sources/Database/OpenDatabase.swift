public import Logging

/// Opens the database a URL names.
/// - Parameters:
///   - url: a parsed DATABASE_URL.
///   - options: pool and timeout settings.
///   - logger: where connection events go; the password never reaches it.
/// - Returns: a `SQLiteDatabase` or a `PostgresDatabase`.
/// - Throws: `DatabaseError` of kind `.connectionFailed` when the database cannot be opened or reached.
public func openDatabase(url: DatabaseURL, options: DatabaseOptions = DatabaseOptions(), logger: Logger) async throws -> any SQLDatabase {
    switch url {
    case .sqliteMemory:
        try await SQLiteDatabase(path: nil, options: options, logger: logger)
    case .sqliteFile(let path):
        try await SQLiteDatabase(path: path, options: options, logger: logger)
    case .postgres(let info):
        try await PostgresDatabase(info: info, options: options, logger: logger)
    }
}
