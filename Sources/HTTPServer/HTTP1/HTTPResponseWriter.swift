#if canImport(Glibc)
import Glibc
#endif

/// Serialises response heads and chunked framing (RFC 9112 §4, §7.1). Pure.
enum HTTPResponseWriter {
    /// How the body of a response is framed on the wire.
    enum Framing: Equatable {
        case length(Int)
        case chunked
        /// HTTP/1.0 peers without a length: the body ends when we close.
        case closeDelimited
    }

    /// The head bytes for `response`.
    /// - Parameters:
    ///   - framing: body framing; Content-Length is also sent for HEAD.
    ///   - keepAlive: whether the connection stays open; `Connection: close` otherwise.
    ///   - requestVersion: 1.0 peers get `Connection: keep-alive` when kept open.
    static func head(
        _ response: Response, framing: Framing, keepAlive: Bool, requestVersion: HTTPVersion, date: String
    ) -> [UInt8] {
        // Appended as bytes: a String per head, then a copy to bytes, showed in request profiles.
        var out: [UInt8] = []
        out.reserveCapacity(512)
        func field(_ name: String, _ value: String) {
            out += name.utf8
            out += [UInt8(ascii: ":"), UInt8(ascii: " ")]
            out += value.utf8
            out += [CR, LF]
        }
        out += "HTTP/1.1 \(response.status.code) \(response.status.reason)\r\n".utf8
        for (name, value) in response.headers {
            if name.equalsIgnoringASCIICase("content-length") || name.equalsIgnoringASCIICase("transfer-encoding")
                || name.equalsIgnoringASCIICase("connection")
            {
                continue
            }
            field(name, value)
        }
        field("Date", date)
        if response.status.code != 101 {
            switch framing {
            case .length(let n): if response.status.allowsBody || n > 0 { field("Content-Length", String(n)) }
            case .chunked: field("Transfer-Encoding", "chunked")
            case .closeDelimited: break
            }
            if !keepAlive {
                field("Connection", "close")
            } else if requestVersion == .http1_0 {
                field("Connection", "keep-alive")
            }
        } else {
            field("Connection", "Upgrade")
        }
        out += [CR, LF]
        return out
    }

    /// One chunk of a chunked body.
    static func chunk(_ bytes: [UInt8]) -> [UInt8] {
        var out = Array(String(bytes.count, radix: 16).utf8)
        out.reserveCapacity(out.count + bytes.count + 4)
        out += [CR, LF]
        out += bytes
        out += [CR, LF]
        return out
    }

    /// The last chunk with no trailers.
    static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)

    /// The interim response to `Expect: 100-continue`.
    static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
}

/// An IMF-fixdate (RFC 9110 §5.6.7) for the Date header, formatted once per second.
struct HTTPDateCache {
    private var second: Int = -1
    private var cached = ""

    mutating func now() -> String {
        var t = time(nil)
        if t == second { return cached }
        second = t
        var tm = tm()
        gmtime_r(&t, &tm)
        cached = Self.format(tm)
        return cached
    }

    static func format(_ tm: tm) -> String {
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[Int(tm.tm_wday)]), \(two(tm.tm_mday)) \(months[Int(tm.tm_mon)]) \(tm.tm_year + 1900) "
            + "\(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec)) GMT"
    }
}
