internal import Foundation

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Timestamps as text: microseconds since the epoch in, ISO 8601 in UTC out.
///
/// SQLite stores `2026-01-17T11:59:00.123456Z` (fixed width, so text order is
/// time order); Postgres prints `2026-01-17 11:59:00.123456+00` with
/// DateStyle ISO and TimeZone UTC. `parse` reads both.
enum Timestamp {
    /// Microseconds since 1970, rounded; both drivers keep this precision.
    static func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// Formats as `YYYY-MM-DDTHH:MM:SS.ffffffZ`.
    static func format(_ date: Date) -> String {
        let micros = microseconds(date)
        var seconds = time_t(micros.quotientFloor(1_000_000))
        let fraction = Int(micros - Int64(seconds) * 1_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return pad(Int(parts.tm_year) + 1900, 4) + "-" + pad(Int(parts.tm_mon) + 1, 2) + "-" + pad(Int(parts.tm_mday), 2)
            + "T" + pad(Int(parts.tm_hour), 2) + ":" + pad(Int(parts.tm_min), 2) + ":" + pad(Int(parts.tm_sec), 2)
            + "." + pad(fraction, 6) + "Z"
    }

    /// Parses `YYYY-MM-DD[T ]HH:MM:SS[.f…][Z|±HH[:MM]]`; a missing zone means UTC.
    static func parse(_ text: String) -> Date? {
        var reader = DigitReader(bytes: Array(text.utf8))
        guard let year = reader.number(4), reader.skip("-"), let month = reader.number(2), reader.skip("-"),
            let day = reader.number(2), reader.skip("T") || reader.skip(" "),
            let hour = reader.number(2), reader.skip(":"), let minute = reader.number(2), reader.skip(":"),
            let second = reader.number(2)
        else { return nil }
        var micros = 0
        if reader.skip(".") {
            guard let (digits, value) = reader.fraction() else { return nil }
            micros = value * Int(pow(10, Double(max(0, 6 - digits))))
        }
        guard let offset = reader.zoneOffsetSeconds(), reader.atEnd else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = Int64(timegm(&parts)) - Int64(offset)
        return Date(timeIntervalSince1970: Double(seconds * 1_000_000 + Int64(micros)) / 1_000_000)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension Int64 {
    fileprivate func quotientFloor(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor < 0) ? quotient - 1 : quotient
    }
}

/// Reads fixed-width ASCII numbers from the front of a byte array.
private struct DigitReader {
    let bytes: [UInt8]
    var index = 0

    var atEnd: Bool { index == bytes.count }

    mutating func skip(_ character: Character) -> Bool {
        guard index < bytes.count, let ascii = character.asciiValue, bytes[index] == ascii else { return false }
        index += 1
        return true
    }

    mutating func number(_ width: Int) -> Int? {
        guard index + width <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[index..<index + width] {
            guard (48...57).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        index += width
        return value
    }

    /// Fraction digits: how many were read (up to 6 kept) and their value.
    mutating func fraction() -> (Int, Int)? {
        var digits = 0
        var value = 0
        while index < bytes.count, (48...57).contains(bytes[index]) {
            if digits < 6 { value = value * 10 + Int(bytes[index] - 48) }
            digits += 1
            index += 1
        }
        return digits == 0 ? nil : (min(digits, 6), value)
    }

    mutating func zoneOffsetSeconds() -> Int? {
        if atEnd || skip("Z") { return 0 }
        let sign: Int
        if skip("+") { sign = 1 } else if skip("-") { sign = -1 } else { return nil }
        guard let hours = number(2) else { return nil }
        var minutes = 0
        if skip(":") || (!atEnd && index + 2 <= bytes.count) {
            guard let value = number(2) else { return nil }
            minutes = value
        }
        return sign * (hours * 3600 + minutes * 60)
    }
}
