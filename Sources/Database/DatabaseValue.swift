public import Foundation

/// One value bound to a statement or read from a column.
///
/// Drivers store what their database has: SQLite keeps booleans as integers
/// and timestamps, UUIDs and JSON as text, Postgres has native types. The
/// conversions in `DatabaseValueConvertible` accept either form.
public enum DatabaseValue: Sendable, Hashable {
    /// SQL NULL.
    case null
    /// A boolean (Postgres `boolean`; SQLite stores 0 or 1).
    case bool(Bool)
    /// A 64-bit integer.
    case integer(Int64)
    /// A double-precision float.
    case double(Double)
    /// UTF-8 text.
    case text(String)
    /// Raw bytes (Postgres `bytea`, SQLite BLOB).
    case blob(Data)
    /// An instant, kept to microseconds (Postgres `timestamptz`; SQLite ISO 8601 text in UTC).
    case timestamp(Date)
    /// A UUID (Postgres `uuid`; SQLite lowercase text).
    case uuid(UUID)
    /// A JSON document as UTF-8 bytes (Postgres `jsonb`; SQLite text).
    case json(Data)

    /// Whether the value is SQL NULL.
    @inlinable
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A short name of the value's case, for error messages (never the value itself).
    public var typeName: String {
        switch self {
        case .null: "NULL"
        case .bool: "boolean"
        case .integer: "integer"
        case .double: "double"
        case .text: "text"
        case .blob: "blob"
        case .timestamp: "timestamp"
        case .uuid: "uuid"
        case .json: "json"
        }
    }
}
