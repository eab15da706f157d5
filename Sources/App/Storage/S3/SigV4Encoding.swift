import Foundation

/// The encodings Signature Version 4 fixes: RFC 3986 percent-encoding and its timestamps.
enum SigV4Encoding {
    /// Percent-encodes every byte of the UTF-8 text except the unreserved characters
    /// `A–Z a–z 0–9 - _ . ~` (and `/` when `encodeSlash` is false), with upper-case hex, as
    /// the S3 API reference's `UriEncode` does. Space is `%20`, never `+`.
    static func uriEncode(_ text: some StringProtocol, encodeSlash: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) || (!encodeSlash && byte == UInt8(ascii: "/")) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(upperHexDigits[Int(byte >> 4)])
                out.append(upperHexDigits[Int(byte & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let upperHexDigits = Array("0123456789ABCDEF".utf8)

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
            true
        default: false
        }
    }

    /// `20130524T000000Z` (ISO 8601 basic format, UTC, to the second) and `20130524`.
    static func timestamps(_ date: Date) -> (amzDate: String, dateStamp: String) {
        var time = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let day = "\(parts.tm_year + 1900)\(pad(parts.tm_mon + 1))\(pad(parts.tm_mday))"
        return (day + "T\(pad(parts.tm_hour))\(pad(parts.tm_min))\(pad(parts.tm_sec))Z", day)
    }
}
