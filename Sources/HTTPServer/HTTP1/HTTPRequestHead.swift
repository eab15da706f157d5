/// The HTTP version of a message; only 1.0 and 1.1 are spoken.
public struct HTTPVersion: Hashable, Sendable, CustomStringConvertible {
    public let major: Int
    public let minor: Int
    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)
    public var description: String { "HTTP/\(major).\(minor)" }
}

/// A parsed request line and header section.
public struct HTTPRequestHead: Sendable, Equatable {
    /// The method token.
    public var method: HTTPMethod
    /// The request target exactly as sent (origin, absolute, authority or asterisk form).
    public var target: String
    /// The percent-decoded path of the target, always starting with `/` (or `*`).
    public var path: String
    /// The raw query string after `?`, without the `?`; empty when absent.
    public var query: String
    /// The protocol version.
    public var version: HTTPVersion
    /// Header fields, names lower-cased.
    public var headers: HTTPHeaders
    /// The host the request is for: the authority of an absolute-form target, else the Host header.
    /// The parser admits only values `HTTPHost` accepts.
    public var host: String?
    /// The body framing the head announces.
    public var framing: BodyFraming
    /// Whether the connection stays open after this exchange (RFC 9112 §9.3).
    public var keepAlive: Bool
    /// Whether the client sent `Expect: 100-continue`.
    public var expectsContinue: Bool

    /// `host` parsed (RFC 9110 §7.2); nil when absent or not a valid host, which the parser never lets through.
    public var parsedHost: HTTPHost? { host.flatMap { HTTPHost($0) } }

    public static func == (lhs: HTTPRequestHead, rhs: HTTPRequestHead) -> Bool {
        lhs.method == rhs.method && lhs.target == rhs.target && lhs.path == rhs.path && lhs.query == rhs.query
            && lhs.version == rhs.version && lhs.host == rhs.host && lhs.framing == rhs.framing
            && lhs.keepAlive == rhs.keepAlive && lhs.expectsContinue == rhs.expectsContinue
            && lhs.headers.map { "\($0.name):\($0.value)" } == rhs.headers.map { "\($0.name):\($0.value)" }
    }
}

/// How a request body is delimited (RFC 9112 §6.3).
public enum BodyFraming: Sendable, Equatable {
    /// No body.
    case none
    /// Exactly this many bytes.
    case contentLength(Int)
    /// Chunked transfer coding.
    case chunked

    /// The declared length, when known in advance.
    public var declaredLength: Int? {
        switch self {
        case .none: 0
        case .contentLength(let n): n
        case .chunked: nil
        }
    }
}
