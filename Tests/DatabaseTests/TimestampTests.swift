import Foundation
import Testing

@testable import Database

@Suite struct TimestampTests {
    @Test func formatsFixedWidthUTCWithMicroseconds() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000000Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_768_651_140.123456)) == "2026-01-17T11:59:00.123456Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500000Z")
    }

    @Test(arguments: [
        ("2026-01-17T11:59:00.123456Z", 1_768_651_140.123456),
        ("2026-01-17 11:59:00.123456+00", 1_768_651_140.123456),
        ("2026-01-17 12:59:00.5+01:00", 1_768_651_140.5),
        ("2026-01-17 06:29:00-05:30", 1_768_651_140.0),
        ("2026-01-17 11:59:00", 1_768_651_140.0),
        ("1969-12-31T23:59:59.500000Z", -0.5),
    ])
    func parsesOurFormatAndPostgresISOOutput(_ text: String, _ seconds: Double) throws {
        let date = try #require(Timestamp.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_001)
    }

    @Test(arguments: ["", "2026-01-17", "2026-1-17 11:59:00", "2026-01-17T11:59:00.Z", "infinity", "2026-01-17 11:59:00 junk"])
    func rejectsOtherText(_ text: String) {
        #expect(Timestamp.parse(text) == nil)
    }
}
