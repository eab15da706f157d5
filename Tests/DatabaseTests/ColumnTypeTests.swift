import Database
import Foundation
import TestSupport
import Testing

/// Every column type round-trips through both drivers, NULLs included.
@Suite struct ColumnTypeTests {
    /// A date already at whole microseconds, the precision both drivers keep.
    static let instant = Date(timeIntervalSince1970: 1_768_651_140.123456)

    @Test(arguments: DatabaseDriver.available)
    func everyTypeRoundTrips(_ driver: DatabaseDriver) async throws {
        try await withTestDatabase(driver) { db in
            try await SampleTable.create(on: db)
            let uuid = UUID()
            let json = try DatabaseJSON(encoding: ["title": "Café 🎧", "bpm": "120"])
            let blob = Data((0...255).map { UInt8($0) })
            try await db.execute(
                """
                INSERT INTO samples (id, t, i, d, b, bl, ts, j, u)
                VALUES (1, \("héllo ✓ 日本語 🎧 'quoted' \"double\""), \(Int64.max), \(0.1), \(true), \(blob), \(Self.instant), \(json), \(uuid))
                """)
            let row = try #require(try await db.queryFirst("SELECT * FROM samples WHERE id = \(1)"))
            #expect(try row.decode(String.self, "t") == "héllo ✓ 日本語 🎧 'quoted' \"double\"")
            #expect(try row.decode(Int64.self, "i") == Int64.max)
            #expect(try row.decode(Double.self, "d") == 0.1)
            #expect(try row.decode(Bool.self, "b") == true)
            #expect(try row.decode(Data.self, "bl") == blob)
            #expect(try row.decode(Date.self, "ts") == Self.instant)
            #expect(try row.decode(DatabaseJSON.self, "j").decode([String: String].self) == ["title": "Café 🎧", "bpm": "120"])
            #expect(try row.decode(UUID.self, "u") == uuid)
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func nullsDecodeAsNilAndFailForNonOptionals(_ driver: DatabaseDriver) async throws {
        try await withTestDatabase(driver) { db in
            try await SampleTable.create(on: db)
            try await db.execute(
                """
                INSERT INTO samples (id, t, i, d, b, bl, ts, j, u)
                VALUES (1, \(nil as String?), \(nil as Int?), \(nil as Double?), \(nil as Bool?), \(nil as Data?),
                        \(nil as Date?), \(nil as DatabaseJSON?), \(nil as UUID?))
                """)
            let row = try #require(try await db.queryFirst("SELECT * FROM samples"))
            #expect(try row.decode(String?.self, "t") == nil)
            #expect(try row.decode(Int?.self, "i") == nil)
            #expect(try row.decode(Double?.self, "d") == nil)
            #expect(try row.decode(Bool?.self, "b") == nil)
            #expect(try row.decode(Data?.self, "bl") == nil)
            #expect(try row.decode(Date?.self, "ts") == nil)
            #expect(try row.decode(DatabaseJSON?.self, "j") == nil)
            #expect(try row.decode(UUID?.self, "u") == nil)
            #expect(throws: DatabaseError.self) { try row.decode(String.self, "t") }
            #expect(throws: DatabaseError.self) { try row.decode(Int.self, "missing_column") }
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func edgeValues(_ driver: DatabaseDriver) async throws {
        try await withTestDatabase(driver) { db in
            try await SampleTable.create(on: db)
            let cases: [(Int64, String, Int64, Double, Bool, Data, Date)] = [
                (1, "", Int64.min, -0.0, false, Data(), Date(timeIntervalSince1970: -86_400.25)),
                (2, "a\u{301}\u{10FFFF}", 0, 1e300, true, Data([0]), Date(timeIntervalSince1970: 0)),
                (
                    3, String(repeating: "ü", count: 100_000), -1, -2.5e-300, false, Data([0xFF, 0x00, 0x5C, 0x78]),
                    Date(timeIntervalSince1970: 4_102_444_800.000001)
                ),
                (4, "line\nbreak\ttab", 1 << 53 + 1, .infinity, true, Data("\\x41".utf8), Self.instant),
            ]
            for (id, text, integer, double, bool, data, date) in cases {
                try await db.execute(
                    "INSERT INTO samples (id, t, i, d, b, bl, ts) VALUES (\(id), \(text), \(integer), \(double), \(bool), \(data), \(date))")
            }
            for (id, text, integer, double, bool, data, date) in cases {
                let row = try #require(try await db.queryFirst("SELECT * FROM samples WHERE id = \(id)"))
                #expect(try row.decode(String.self, "t") == text)
                #expect(try row.decode(Int64.self, "i") == integer)
                #expect(try row.decode(Double.self, "d") == double)
                #expect(try row.decode(Bool.self, "b") == bool)
                #expect(try row.decode(Data.self, "bl") == data)
                #expect(abs(try row.decode(Date.self, "ts").timeIntervalSince(date)) < 0.000_001)
            }
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func largeBlobRoundTrips(_ driver: DatabaseDriver) async throws {
        try await withTestDatabase(driver) { db in
            try await SampleTable.create(on: db)
            let blob = Self.noise(byteCount: 8 << 20)
            try await db.execute("INSERT INTO samples (id, bl) VALUES (\(1), \(blob))")
            let row = try #require(try await db.queryFirst("SELECT bl FROM samples WHERE id = \(1)"))
            #expect(try row.decode(Data.self, "bl") == blob)
        }
    }

    /// Incompressible bytes from xorshift64, word by word (byte-wise generation is slow in debug builds).
    static func noise(byteCount: Int) -> Data {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let words = (0..<(byteCount / 8)).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        return words.withUnsafeBytes { Data($0) }
    }

    @Test(arguments: DatabaseDriver.available)
    func parametersAreNeverInterpretedAsSQL(_ driver: DatabaseDriver) async throws {
        try await withTestDatabase(driver) { db in
            try await SampleTable.create(on: db)
            let hostile = "x'); DROP TABLE samples; --"
            try await db.execute("INSERT INTO samples (id, t) VALUES (\(1), \(hostile))")
            let rows = try await db.query("SELECT t FROM samples WHERE t = \(hostile)")
            #expect(try rows.map { try $0.decode(String.self, "t") } == [hostile])
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func valuesSelectedWithoutATable(_ driver: DatabaseDriver) async throws {
        try await withTestDatabase(driver) { db in
            let uuid = UUID()
            let row = try #require(try await db.queryFirst("SELECT \(42) AS n, \("text") AS s, \(uuid) AS u, \(Self.instant) AS ts"))
            #expect(try row.decode(Int.self, "n") == 42)
            #expect(try row.decode(String.self, "s") == "text")
            #expect(try row.decode(UUID.self, "u") == uuid)
            #expect(try row.decode(Date.self, "ts") == Self.instant)
            #expect(row.columnNames == ["n", "s", "u", "ts"])
        }
    }
}
