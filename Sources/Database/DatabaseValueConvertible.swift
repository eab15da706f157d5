public import Foundation

/// A Swift type that can be bound to a statement and decoded from a column.
public protocol DatabaseValueConvertible: Sendable {
    /// The value to bind.
    var databaseValue: DatabaseValue { get }

    /// Converts a column value, accepting every form the drivers produce.
    /// - Parameter value: the column value.
    /// - Returns: the converted value, or nil when `value` cannot represent `Self`.
    static func fromDatabaseValue(_ value: DatabaseValue) -> Self?
}

extension DatabaseValue: DatabaseValueConvertible {
    /// The value itself.
    public var databaseValue: DatabaseValue { self }

    /// Any value, unchanged.
    public static func fromDatabaseValue(_ value: DatabaseValue) -> DatabaseValue? { value }
}

extension Optional: DatabaseValueConvertible where Wrapped: DatabaseValueConvertible {
    /// The wrapped value, or NULL.
    public var databaseValue: DatabaseValue { self?.databaseValue ?? .null }

    /// NULL becomes `.some(nil)`; anything else must convert to `Wrapped`.
    @inlinable
    public static func fromDatabaseValue(_ value: DatabaseValue) -> Wrapped?? {
        if value.isNull { return .some(nil) }
        return Wrapped.fromDatabaseValue(value).map { .some($0) }
    }
}

extension String: DatabaseValueConvertible {
    /// Text.
    public var databaseValue: DatabaseValue { .text(self) }

    /// Text, JSON text or a UUID's lowercase form.
    public static func fromDatabaseValue(_ value: DatabaseValue) -> String? {
        switch value {
        case .text(let text): text
        case .json(let data): String(bytes: data, encoding: .utf8)
        case .uuid(let uuid): uuid.lowercasedString
        default: nil
        }
    }
}

extension Int64: DatabaseValueConvertible {
    /// An integer.
    public var databaseValue: DatabaseValue { .integer(self) }

    /// An integer, or a boolean as 0 or 1.
    public static func fromDatabaseValue(_ value: DatabaseValue) -> Int64? {
        switch value {
        case .integer(let integer): integer
        case .bool(let bool): bool ? 1 : 0
        default: nil
        }
    }
}

extension Int: DatabaseValueConvertible {
    /// An integer.
    public var databaseValue: DatabaseValue { .integer(Int64(self)) }

    /// An integer that fits `Int`.
    public static func fromDatabaseValue(_ value: DatabaseValue) -> Int? {
        Int64.fromDatabaseValue(value).flatMap { Int(exactly: $0) }
    }
}

extension Int32: DatabaseValueConvertible {
    /// An integer.
    public var databaseValue: DatabaseValue { .integer(Int64(self)) }

    /// An integer that fits `Int32`.
    public static func fromDatabaseValue(_ value: DatabaseValue) -> Int32? {
        Int64.fromDatabaseValue(value).flatMap { Int32(exactly: $0) }
    }
}

extension Double: DatabaseValueConvertible {
    /// A double.
    public var databaseValue: DatabaseValue { .double(self) }

    /// A double, or an integer widened to one.
    public static func fromDatabaseValue(_ value: DatabaseValue) -> Double? {
        switch value {
        case .double(let double): double
        case .integer(let integer): Double(integer)
        default: nil
        }
    }
}

extension Bool: DatabaseValueConvertible {
    /// A boolean.
    public var databaseValue: DatabaseValue { .bool(self) }

    /// A boolean, or an integer where any non-zero value is true (SQLite).
    public static func fromDatabaseValue(_ value: DatabaseValue) -> Bool? {
        switch value {
        case .bool(let bool): bool
        case .integer(let integer): integer != 0
        default: nil
        }
    }
}

extension Data: DatabaseValueConvertible {
    /// A blob.
    public var databaseValue: DatabaseValue { .blob(self) }

    /// A blob.
    public static func fromDatabaseValue(_ value: DatabaseValue) -> Data? {
        if case .blob(let data) = value { return data }
        return nil
    }
}

extension Date: DatabaseValueConvertible {
    /// A timestamp, kept to microseconds by both drivers.
    public var databaseValue: DatabaseValue { .timestamp(self) }

    /// A timestamp, or ISO 8601 text as SQLite stores it.
    public static func fromDatabaseValue(_ value: DatabaseValue) -> Date? {
        switch value {
        case .timestamp(let date): date
        case .text(let text): Timestamp.parse(text)
        default: nil
        }
    }
}

extension UUID: DatabaseValueConvertible {
    /// A UUID.
    public var databaseValue: DatabaseValue { .uuid(self) }

    /// A UUID, or its text form as SQLite stores it.
    public static func fromDatabaseValue(_ value: DatabaseValue) -> UUID? {
        switch value {
        case .uuid(let uuid): uuid
        case .text(let text): UUID(text: text)
        default: nil
        }
    }
}
