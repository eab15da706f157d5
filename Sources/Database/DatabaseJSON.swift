public import Foundation

/// A JSON document stored in a JSON column (`jsonb` on Postgres, text on SQLite).
public struct DatabaseJSON: Sendable, Hashable, DatabaseValueConvertible {
    /// The document as UTF-8 bytes.
    public var data: Data

    /// Wraps JSON bytes as they are; the database validates them on Postgres.
    /// - Parameter data: a UTF-8 JSON document.
    public init(data: Data) {
        self.data = data
    }

    /// Encodes a value as JSON.
    /// - Parameters:
    ///   - value: the value to encode.
    ///   - encoder: the encoder; default one with sorted keys, so equal values store equal text.
    /// - Throws: `EncodingError`.
    public init(encoding value: some Encodable, encoder: JSONEncoder = DatabaseJSON.defaultEncoder()) throws {
        self.data = try encoder.encode(value)
    }

    /// Decodes the document.
    /// - Parameters:
    ///   - type: the type to decode.
    ///   - decoder: the decoder; default a plain `JSONDecoder`.
    /// - Returns: the decoded value.
    /// - Throws: `DecodingError`.
    public func decode<T: Decodable>(_ type: T.Type, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        try decoder.decode(type, from: data)
    }

    /// The encoder `init(encoding:)` uses by default: sorted keys, no escaped slashes.
    public static func defaultEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A JSON value.
    public var databaseValue: DatabaseValue { .json(data) }

    /// A JSON value, or text holding JSON (SQLite).
    public static func fromDatabaseValue(_ value: DatabaseValue) -> DatabaseJSON? {
        switch value {
        case .json(let data): DatabaseJSON(data: data)
        case .text(let text): DatabaseJSON(data: Data(text.utf8))
        default: nil
        }
    }
}
