import Database
import Foundation
import Testing

@Suite struct RowTests {
    @Test func columnsMatchExactlyThenIgnoringCase() throws {
        let row = Row(["Name": .text("exact"), "name": .text("lower"), "COUNT": .integer(3)])
        #expect(try row.decode(String.self, "Name") == "exact")
        #expect(try row.decode(String.self, "name") == "lower")
        #expect(try row.decode(Int.self, "count") == 3)
        #expect(row["missing"] == nil)
        #expect(row.columnNames == ["Name", "name", "COUNT"])
    }

    @Test func conversionsAcceptEachDriversForm() throws {
        let uuid = UUID()
        let row = Row([
            "flag_int": .integer(1), "flag_bool": .bool(false), "double_from_int": .integer(7),
            "uuid_text": .text(uuid.uuidString.lowercased()), "date_text": .text("2026-01-17T11:59:00.000000Z"),
            "json_text": .text(#"{"a":1}"#), "uuid_native": .uuid(uuid),
        ])
        #expect(try row.decode(Bool.self, "flag_int") == true)
        #expect(try row.decode(Bool.self, "flag_bool") == false)
        #expect(try row.decode(Double.self, "double_from_int") == 7)
        #expect(try row.decode(UUID.self, "uuid_text") == uuid)
        #expect(try row.decode(Date.self, "date_text") == Date(timeIntervalSince1970: 1_768_651_140))
        #expect(try row.decode(DatabaseJSON.self, "json_text").decode([String: Int].self) == ["a": 1])
        #expect(try row.decode(String.self, "uuid_native") == uuid.uuidString.lowercased())
    }

    @Test func mismatchesAreDecodingErrorsNamingTheColumnNotTheValue() {
        let row = Row(["secret": .text("hunter2"), "big": .integer(Int64.max), "nothing": .null])
        for attempt in [
            { _ = try row.decode(Int.self, "secret") },
            { _ = try row.decode(Int32.self, "big") },
            { _ = try row.decode(String.self, "nothing") },
            { _ = try row.decode(String.self, at: 9) },
        ] as [() throws -> Void] {
            do {
                try attempt()
                Issue.record("a mismatch decoded")
            } catch let error as DatabaseError {
                #expect(error.kind == .decoding)
                #expect(!error.description.contains("hunter2"))
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }
}
