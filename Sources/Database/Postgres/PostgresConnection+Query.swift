internal import CLibPQ
internal import Foundation

extension PostgresConnection {
    /// Runs one statement with bound parameters; on the connection's queue.
    ///
    /// A failure found before the statement is handed to the socket is marked
    /// `failedBeforeSending`, the only case the pool retries.
    func run(_ sql: SQL) throws(DatabaseError) -> (rows: [Row], changes: Int) {
        let handle = try onQueue()
        let text = try sql.prepared(for: .postgres)
        guard PQstatus(handle) == CONNECTION_OK else {
            throw connectionError(handle, sql: sql, beforeSending: true)
        }
        let parameters = PostgresParameters(sql.values)
        defer { parameters.deallocate() }
        let sent = PQsendQueryParams(
            handle, text, Int32(parameters.count), parameters.types, parameters.values,
            parameters.lengths, parameters.formats, 0)
        guard sent == 1 else { throw connectionError(handle, sql: sql, beforeSending: true) }
        return try collectResults(handle, sql: sql)
    }

    /// Runs several statements without parameters (simple query protocol); on the queue.
    func executeScript(_ text: String) throws(DatabaseError) {
        let handle = try onQueue()
        guard PQsendQuery(handle, text) == 1 else {
            throw connectionError(handle, sql: SQL(sql: text), beforeSending: PQstatus(handle) != CONNECTION_OK)
        }
        _ = try collectResults(handle, sql: SQL(sql: text))
    }

    /// Reads results until libpq has none left; the first error wins, the last rows are kept.
    private func collectResults(_ handle: OpaquePointer, sql: SQL) throws(DatabaseError) -> (rows: [Row], changes: Int) {
        var failure: DatabaseError?
        var output: (rows: [Row], changes: Int) = ([], 0)
        while let result = PQgetResult(handle) {
            defer { PQclear(result) }
            switch PQresultStatus(result) {
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
                output = (PostgresResult.rows(of: result), Int(String(cString: PQcmdTuples(result))) ?? 0)
            default:
                if failure == nil { failure = resultError(handle, result, sql: sql) }
            }
        }
        if let failure { throw failure }
        return output
    }

    private func resultError(_ handle: OpaquePointer, _ result: OpaquePointer, sql: SQL) -> DatabaseError {
        guard PQstatus(handle) == CONNECTION_OK else { return connectionError(handle, sql: sql, beforeSending: false) }
        let code = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
        let message =
            PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
            ?? PostgresConnection.trimmed(PQresultErrorMessage(result))
        return DatabaseError(
            kind: PostgresConnection.kind(ofSQLState: code), driver: .postgres, code: code,
            message: message, sql: sql.text, values: sql.values)
    }

    private func connectionError(_ handle: OpaquePointer, sql: SQL, beforeSending: Bool) -> DatabaseError {
        DatabaseError(
            kind: .connectionFailed, driver: .postgres, code: nil,
            message: PostgresConnection.trimmed(PQerrorMessage(handle)), sql: sql.text, values: sql.values,
            failedBeforeSending: beforeSending)
    }

    /// Maps a SQLSTATE to an error kind (PostgreSQL Appendix A).
    static func kind(ofSQLState code: String?) -> DatabaseError.Kind {
        switch code {
        case "23505": .uniqueViolation
        case "23503": .foreignKeyViolation
        case "23502": .notNullViolation
        case "23514": .checkViolation
        case "57014": .timeout  // query_canceled, raised by statement_timeout
        case let code? where code.hasPrefix("08") || code.hasPrefix("57P"): .connectionFailed
        default: .statement
        }
    }
}
