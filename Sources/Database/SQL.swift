/// SQL text with its bound values kept apart.
///
/// Placeholders are always `?`; the Postgres driver rewrites them to `$1`,
/// `$2`, …. Interpolating a value binds it as a parameter, never as text:
///
///     let sql: SQL = "SELECT * FROM tracks WHERE track_id = \(id) AND owner_id = \(owner)"
///
/// Text that must be spliced in (a table name chosen by code) has to be
/// asked for with `\(raw: …)`.
public struct SQL: Sendable, Hashable, ExpressibleByStringInterpolation {
    /// The statement text, with one `?` per bound value.
    public private(set) var text: String
    /// The bound values, in placeholder order.
    public private(set) var values: [DatabaseValue]

    /// Creates a statement from text and the values of its `?` placeholders.
    ///
    /// The label matters: `SQL("… \(x)")` without it is a literal, which binds `x`.
    /// - Parameters:
    ///   - text: SQL with `?` placeholders.
    ///   - values: one value per placeholder, in order.
    public init(sql text: String, values: [DatabaseValue] = []) {
        self.text = text
        self.values = values
    }

    /// Creates a statement from text and the Swift values of its `?` placeholders.
    /// - Parameters:
    ///   - text: SQL with `?` placeholders.
    ///   - arguments: one value per placeholder, in order.
    public init(sql text: String, arguments: [any DatabaseValueConvertible]) {
        self.init(sql: text, values: arguments.map(\.databaseValue))
    }

    /// Creates a statement from a literal without values.
    public init(stringLiteral value: String) {
        self.init(sql: value)
    }

    /// Creates a statement from an interpolation, binding each interpolated value.
    public init(stringInterpolation: StringInterpolation) {
        self.init(sql: stringInterpolation.text, values: stringInterpolation.values)
    }

    /// Appends another fragment, keeping its bound values in order.
    /// - Parameter other: the fragment to append.
    public mutating func append(_ other: SQL) {
        text += other.text
        values += other.values
    }

    /// Joins two fragments.
    public static func + (lhs: SQL, rhs: SQL) -> SQL {
        var joined = lhs
        joined.append(rhs)
        return joined
    }

    /// A comma-separated list of placeholders, one per value, for `IN (…)` lists.
    /// - Parameter values: the values to bind; an empty list yields `NULL` so `IN (NULL)` matches nothing.
    /// - Returns: the fragment.
    public static func list(_ values: [any DatabaseValueConvertible]) -> SQL {
        if values.isEmpty { return SQL(sql: "NULL") }
        return SQL(sql: Array(repeating: "?", count: values.count).joined(separator: ", "), arguments: values)
    }

    /// Builds an `SQL` from literal text and bound values.
    public struct StringInterpolation: StringInterpolationProtocol {
        fileprivate var text = ""
        fileprivate var values: [DatabaseValue] = []

        /// Reserves room for the literal text.
        public init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + interpolationCount)
        }

        /// Appends literal SQL text.
        public mutating func appendLiteral(_ literal: String) {
            text += literal
        }

        /// Appends a `?` placeholder and binds `value` to it.
        public mutating func appendInterpolation(_ value: some DatabaseValueConvertible) {
            text += "?"
            values.append(value.databaseValue)
        }

        /// Appends a `?` placeholder and binds `value`, or NULL when it is nil.
        public mutating func appendInterpolation<Value: DatabaseValueConvertible>(_ value: Value?) {
            text += "?"
            values.append(value?.databaseValue ?? .null)
        }

        /// Appends a fragment with its own bound values.
        public mutating func appendInterpolation(_ fragment: SQL) {
            text += fragment.text
            values += fragment.values
        }

        /// Appends text as SQL, unbound. Only for text chosen by code, never input.
        public mutating func appendInterpolation(raw text: String) {
            self.text += text
        }
    }
}

extension SQL: CustomStringConvertible {
    /// The statement text; bound values are never shown.
    public var description: String { text }
}
