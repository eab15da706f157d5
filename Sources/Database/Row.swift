/// One result row: column names shared by the whole result, and this row's values.
public struct Row: Sendable {
    @usableFromInline let columns: RowColumns
    /// The row's values, in column order.
    public let values: [DatabaseValue]

    init(columns: RowColumns, values: [DatabaseValue]) {
        self.columns = columns
        self.values = values
    }

    /// Creates a row from names and values (tests, in-memory fakes).
    /// - Parameter pairs: column names and their values, in order.
    public init(_ pairs: KeyValuePairs<String, DatabaseValue>) {
        self.columns = RowColumns(names: pairs.map(\.key))
        self.values = pairs.map(\.value)
    }

    /// The column names, in order.
    public var columnNames: [String] { columns.names }

    /// The value of a column, or nil when the row has no such column.
    public subscript(column: String) -> DatabaseValue? {
        columns.index(of: column).map { values[$0] }
    }

    /// Decodes a column.
    /// - Parameters:
    ///   - type: the Swift type; use an `Optional` for nullable columns.
    ///   - column: the column name (matched exactly, then ignoring case).
    /// - Returns: the converted value.
    /// - Throws: `DatabaseError` of kind `.decoding` naming the column, never its value.
    @inlinable  // specialised in the caller: no generic metadata lookups per column
    public func decode<T: DatabaseValueConvertible>(_ type: T.Type = T.self, _ column: String) throws(DatabaseError) -> T {
        guard let index = columns.index(of: column) else { throw missingColumn(column) }
        return try decode(type, at: index)
    }

    /// Decodes a column by position.
    /// - Parameters:
    ///   - type: the Swift type; use an `Optional` for nullable columns.
    ///   - index: the column position, 0-based.
    /// - Returns: the converted value.
    /// - Throws: `DatabaseError` of kind `.decoding`.
    @inlinable
    public func decode<T: DatabaseValueConvertible>(_ type: T.Type = T.self, at index: Int) throws(DatabaseError) -> T {
        guard values.indices.contains(index) else { throw missingColumn(at: index) }
        let value = values[index]
        if let converted = T.fromDatabaseValue(value) { return converted }
        throw conversionFailure(at: index, to: T.self)
    }

    @usableFromInline func missingColumn(_ column: String) -> DatabaseError {
        DatabaseError(kind: .decoding, message: "no column '\(column)' in row \(columns.names)")
    }

    @usableFromInline func missingColumn(at index: Int) -> DatabaseError {
        DatabaseError(kind: .decoding, message: "no column at index \(index) in a row of \(values.count)")
    }

    @usableFromInline func conversionFailure(at index: Int, to type: Any.Type) -> DatabaseError {
        let problem = values[index].isNull ? "unexpected NULL" : "cannot convert \(values[index].typeName)"
        return DatabaseError(kind: .decoding, message: "column '\(columns.names[index])': \(problem) to \(type)")
    }
}

/// A type built from a result row.
public protocol RowDecodable: Sendable {
    /// Decodes the record from a row.
    /// - Parameter row: a row holding the record's columns.
    /// - Throws: `DatabaseError` of kind `.decoding`.
    init(row: Row) throws
}

/// Column names of one result, shared by its rows, with a name-to-index map.
@usableFromInline final class RowColumns: Sendable {
    let names: [String]
    private let indices: [String: Int]

    init(names: [String]) {
        self.names = names
        var indices: [String: Int] = [:]
        for (index, name) in names.enumerated().reversed() {
            indices[name] = index
            indices[name.lowercased()] = indices[name.lowercased()] ?? index
        }
        self.indices = indices
    }

    @usableFromInline func index(of name: String) -> Int? {
        indices[name] ?? indices[name.lowercased()]
    }
}
