/// A request's host and optional port, parsed as RFC 9110 §7.2 defines the Host field and an
/// absolute-form authority: `uri-host [ ":" port ]`, where (RFC 3986 §3.2.2)
/// `uri-host = IP-literal / IPv4address / reg-name` and `port = *DIGIT`.
///
/// Anything else is refused, so no route, middleware or upgrade ever sees a host such as
/// `127.0.0.1:18081@evil.com` (userinfo is not part of a Host) or one with spaces, slashes or
/// a second port. Deliberately narrower than RFC 3986 in three places: the port must have 1 to
/// 5 digits and be at most 65535 (an empty port says nothing), the host must not be empty
/// (an empty Host can match no ALLOWED_HOSTS entry), and IPvFuture literals and IPv6 zone
/// identifiers (RFC 6874) are refused, as browsers never send them in Host.
public struct HTTPHost: Sendable, Hashable, CustomStringConvertible {
    /// The host, ASCII lower-cased (host names are case-insensitive, RFC 3986 §3.2.2);
    /// an IPv6 literal without its brackets.
    public let name: String
    /// The port, 0…65535, when one was given.
    public let port: Int?
    /// Whether `name` is an IPv6 address (written in brackets).
    public let isIPv6: Bool

    /// Parses a Host field value or an authority.
    /// - Parameter text: e.g. `example.com`, `127.0.0.1:8000`, `[::1]:8000`.
    /// - Returns: nil when `text` is not `uri-host [ ":" port ]`.
    public init?(_ text: some StringProtocol) {
        self.init(bytes: Array(text.utf8))
    }

    /// Parses the bytes of a Host field value or an authority; nil when they are not `uri-host [ ":" port ]`.
    public init?(bytes: [UInt8]) {
        var hostEnd: Int
        if bytes.first == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")),
                Self.isIPv6Address(bytes[1..<close])
            else { return nil }
            isIPv6 = true
            hostEnd = close + 1
            name = Self.lowercased(bytes[1..<close])
        } else {
            hostEnd = bytes.firstIndex(of: UInt8(ascii: ":")) ?? bytes.count
            let host = bytes[0..<hostEnd]
            guard !host.isEmpty, Self.isRegName(host) else { return nil }
            isIPv6 = false
            name = Self.lowercased(host)
        }
        if hostEnd == bytes.count {
            port = nil
            return
        }
        guard bytes[hostEnd] == UInt8(ascii: ":"), let port = Self.port(bytes[(hostEnd + 1)...]) else { return nil }
        self.port = port
    }

    /// The host as it is written in a URL: `example.com:8000`, `[::1]:8000`.
    public var description: String {
        let host = isIPv6 ? "[\(name)]" : name
        return port.map { "\(host):\($0)" } ?? host
    }

    // MARK: Grammar

    /// `reg-name = *( unreserved / pct-encoded / sub-delims )`; an IPv4address is one too.
    static func isRegName(_ bytes: ArraySlice<UInt8>) -> Bool {
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let byte = bytes[i]
            if byte == UInt8(ascii: "%") {
                guard i + 2 < bytes.endIndex, bytes[i + 1].hexDigitValue != nil, bytes[i + 2].hexDigitValue != nil
                else { return false }
                i += 3
                continue
            }
            guard isUnreserved(byte) || isSubDelimiter(byte) else { return false }
            i += 1
        }
        return true
    }

    /// `unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"`.
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
        }
    }

    /// `sub-delims = "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "="`.
    static func isSubDelimiter(_ byte: UInt8) -> Bool {
        "!$&'()*+,;=".utf8.contains(byte)
    }

    /// `port = 1*5DIGIT`, at most 65535.
    private static func port(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard (1...5).contains(bytes.count) else { return nil }
        var value = 0
        for byte in bytes {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value <= 65_535 ? value : nil
    }

    private static func lowercased(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}
