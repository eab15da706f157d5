internal import CLibPQ
internal import Foundation

/// Turns a libpq text-format result into rows of typed values, by column type OID.
enum PostgresResult {
    static func rows(of result: OpaquePointer) -> [Row] {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        guard columnCount > 0 else { return [] }
        let columns = RowColumns(names: (0..<Int32(columnCount)).map { String(cString: PQfname(result, $0)) })
        let types = (0..<Int32(columnCount)).map { PQftype(result, $0) }
        var rows: [Row] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<Int32(rowCount) {
            let values = (0..<Int32(columnCount)).map { column in
                value(result, row: row, column: column, type: types[Int(column)])
            }
            rows.append(Row(columns: columns, values: values))
        }
        return rows
    }

    private static func value(_ result: OpaquePointer, row: Int32, column: Int32, type: Oid) -> DatabaseValue {
        guard PQgetisnull(result, row, column) == 0, let pointer = PQgetvalue(result, row, column) else { return .null }
        let length = Int(PQgetlength(result, row, column))
        let bytes = UnsafeRawBufferPointer(start: pointer, count: length)
        typealias OID = PostgresParameters.TypeOID
        switch type {
        case OID.bool: return .bool(bytes.first == UInt8(ascii: "t"))
        case OID.int8, OID.int2, OID.int4, OID.oid:
            return Int64(String(decoding: bytes, as: UTF8.self)).map(DatabaseValue.integer) ?? .text(string(bytes))
        case OID.float4, OID.float8, OID.numeric:
            return Double(string(bytes)).map(DatabaseValue.double) ?? .text(string(bytes))
        case OID.bytea: return hexBytea(bytes).map(DatabaseValue.blob) ?? .text(string(bytes))
        case OID.timestamptz, OID.timestamp:
            return Timestamp.parse(string(bytes)).map(DatabaseValue.timestamp) ?? .text(string(bytes))
        case OID.uuid: return UUID(text: string(bytes)).map(DatabaseValue.uuid) ?? .text(string(bytes))
        case OID.json, OID.jsonb: return .json(Data(bytes))
        default: return .text(string(bytes))
        }
    }

    private static func string(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// Decodes `bytea` hex output (`\x0a1b…`, the default since Postgres 9.0).
    private static func hexBytea(_ bytes: UnsafeRawBufferPointer) -> Data? {
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "\\"), bytes[1] == UInt8(ascii: "x"), bytes.count % 2 == 0 else {
            return nil
        }
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count - 2) / 2)
        var index = 2
        while index < bytes.count {
            guard let high = bytes[index].hexDigitValue, let low = bytes[index + 1].hexDigitValue else { return nil }
            output.append(high << 4 | low)
            index += 2
        }
        return Data(output)
    }
}
