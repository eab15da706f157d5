internal import CLibPQ
internal import Foundation

/// Bound values laid out as libpq's four parallel arrays.
///
/// Every value is sent as text with an explicit type, except blobs, sent in
/// binary (`bytea` text would need escaping). Text goes with type 0 so the
/// server infers it from context (a text value compared with a `uuid` column
/// still works); UUIDs and timestamps carry their own types so they are never
/// mistaken for text.
struct PostgresParameters {
    private(set) var types: [Oid] = []
    private(set) var values: [UnsafePointer<CChar>?] = []
    private(set) var lengths: [Int32] = []
    private(set) var formats: [Int32] = []

    var count: Int { values.count }

    /// Type OIDs from `pg_type` (stable across versions).
    enum TypeOID {
        static let bool: Oid = 16
        static let bytea: Oid = 17
        static let int8: Oid = 20
        static let int2: Oid = 21
        static let int4: Oid = 23
        static let text: Oid = 25
        static let oid: Oid = 26
        static let json: Oid = 114
        static let float4: Oid = 700
        static let float8: Oid = 701
        static let varchar: Oid = 1043
        static let timestamp: Oid = 1114
        static let timestamptz: Oid = 1184
        static let numeric: Oid = 1700
        static let uuid: Oid = 2950
        static let jsonb: Oid = 3802
    }

    init(_ bound: [DatabaseValue]) {
        for value in bound {
            switch value {
            case .null: append(type: 0, nil)
            case .bool(let bool): appendText(TypeOID.bool, bool ? "t" : "f")
            case .integer(let integer): appendText(TypeOID.int8, String(integer))
            case .double(let double): appendText(TypeOID.float8, Self.text(of: double))
            case .text(let text): appendText(0, text)
            case .blob(let data): appendBinary(TypeOID.bytea, data)
            case .timestamp(let date): appendText(TypeOID.timestamptz, Timestamp.format(date))
            case .uuid(let uuid): appendText(TypeOID.uuid, uuid.lowercasedString)
            case .json(let data): appendText(TypeOID.jsonb, String(decoding: data, as: UTF8.self))
            }
        }
    }

    /// Frees the copied values; call once, after the statement was sent.
    func deallocate() {
        for value in values { free(UnsafeMutablePointer(mutating: value)) }
    }

    /// Postgres spells the special values its own way; others use Swift's shortest round-trip form.
    private static func text(of double: Double) -> String {
        if double.isNaN { return "NaN" }
        if double.isInfinite { return double < 0 ? "-Infinity" : "Infinity" }
        return "\(double)"
    }

    private mutating func appendText(_ type: Oid, _ text: String) {
        append(type: type, UnsafePointer(strdup(text)))
    }

    private mutating func appendBinary(_ type: Oid, _ data: Data) {
        // malloc, like strdup, so `deallocate` frees every value the same way.
        let buffer = malloc(max(1, data.count))
        data.withUnsafeBytes { bytes in
            if let base = bytes.baseAddress, let buffer { memcpy(buffer, base, bytes.count) }
        }
        types.append(type)
        values.append(buffer.map { UnsafePointer($0.assumingMemoryBound(to: CChar.self)) })
        lengths.append(Int32(clamping: data.count))
        formats.append(1)
    }

    private mutating func append(type: Oid, _ value: UnsafePointer<CChar>?) {
        types.append(type)
        values.append(value)
        lengths.append(0)
        formats.append(0)
    }
}
