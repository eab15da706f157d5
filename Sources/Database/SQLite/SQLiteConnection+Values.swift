internal import CSQLite
internal import Foundation

/// SQLITE_TRANSIENT: SQLite copies bound text and blobs before the call returns.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

extension SQLiteConnection {
    /// Binds values to `?` placeholders 1…n.
    func bind(_ values: [DatabaseValue], to statement: OpaquePointer) throws(DatabaseError) {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .null: status = sqlite3_bind_null(statement, index)
            case .bool(let bool): status = sqlite3_bind_int64(statement, index, bool ? 1 : 0)
            case .integer(let integer): status = sqlite3_bind_int64(statement, index, integer)
            case .double(let double): status = sqlite3_bind_double(statement, index, double)
            case .text(let text): status = bindText(text, statement, index)
            case .blob(let data): status = bindBlob(data, statement, index)
            case .timestamp(let date): status = bindText(Timestamp.format(date), statement, index)
            case .uuid(let uuid): status = bindText(uuid.lowercasedString, statement, index)
            case .json(let data): status = bindText(String(decoding: data, as: UTF8.self), statement, index)
            }
            guard status == SQLITE_OK else {
                throw DatabaseError(
                    kind: .binding, driver: .sqlite, code: String(status),
                    message: "cannot bind parameter \(index) (\(value.typeName))")
            }
        }
    }

    private func bindText(_ text: String, _ statement: OpaquePointer, _ index: Int32) -> Int32 {
        text.withCString { sqlite3_bind_text(statement, index, $0, Int32(clamping: text.utf8.count), transient) }
    }

    private func bindBlob(_ data: Data, _ statement: OpaquePointer, _ index: Int32) -> Int32 {
        // An empty blob with a nil pointer would bind NULL; a zero-length zeroblob stays a blob.
        if data.isEmpty { return sqlite3_bind_zeroblob(statement, index, 0) }
        return data.withUnsafeBytes { bytes in
            sqlite3_bind_blob64(statement, index, bytes.baseAddress, sqlite3_uint64(bytes.count), transient)
        }
    }

    static func columns(of statement: OpaquePointer) -> RowColumns {
        let count = sqlite3_column_count(statement)
        return RowColumns(names: (0..<count).map { String(cString: sqlite3_column_name(statement, $0)) })
    }

    static func values(of statement: OpaquePointer, count: Int) -> [DatabaseValue] {
        (0..<Int32(count)).map { column in
            switch sqlite3_column_type(statement, column) {
            case SQLITE_INTEGER: .integer(sqlite3_column_int64(statement, column))
            case SQLITE_FLOAT: .double(sqlite3_column_double(statement, column))
            case SQLITE_TEXT:
                .text(
                    sqlite3_column_text(statement, column).map {
                        String(decoding: UnsafeBufferPointer(start: $0, count: Int(sqlite3_column_bytes(statement, column))), as: UTF8.self)
                    } ?? "")
            case SQLITE_BLOB:
                .blob(
                    sqlite3_column_blob(statement, column).map {
                        Data(bytes: $0, count: Int(sqlite3_column_bytes(statement, column)))
                    } ?? Data())
            default: .null
            }
        }
    }

    /// Maps an extended result code to an error kind.
    static func error(code: Int32, message: String, sql: String?, values: [DatabaseValue] = []) -> DatabaseError {
        let kind: DatabaseError.Kind =
            switch code {
            case 2067, 1555: .uniqueViolation  // SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY
            case 787: .foreignKeyViolation  // SQLITE_CONSTRAINT_FOREIGNKEY
            case 1299: .notNullViolation  // SQLITE_CONSTRAINT_NOTNULL
            case 275: .checkViolation  // SQLITE_CONSTRAINT_CHECK
            case _ where code & 0xFF == SQLITE_BUSY || code & 0xFF == SQLITE_LOCKED: .busy
            case _ where code & 0xFF == SQLITE_INTERRUPT: .timeout
            default: .statement
            }
        return DatabaseError(kind: kind, driver: .sqlite, code: String(code), message: message, sql: sql, values: values)
    }
}
