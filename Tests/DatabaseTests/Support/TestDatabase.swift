import Database
import TestSupport

/// Column types for the round-trip table, per dialect.
enum SampleTable {
    static func create(on database: any QueryExecutor) async throws {
        let ddl: SQL =
            switch database.dialect {
            case .postgres:
                """
                CREATE TABLE samples (id BIGINT PRIMARY KEY, t TEXT, i BIGINT, d DOUBLE PRECISION, b BOOLEAN,
                    bl BYTEA, ts TIMESTAMPTZ, j JSONB, u UUID)
                """
            case .sqlite:
                """
                CREATE TABLE samples (id INTEGER PRIMARY KEY, t TEXT, i INTEGER, d REAL, b BOOLEAN,
                    bl BLOB, ts TEXT, j TEXT, u TEXT)
                """
            }
        try await database.execute(ddl)
    }
}
