/// A validated WebSocket opening handshake (RFC 6455 §4.2) and the answer to it.
///
/// Construct it from the request line and headers; it either throws the
/// error response to send or holds the `101 Switching Protocols` headers.
/// Header names are matched case-insensitively; `Upgrade` and `Connection`
/// are comma lists whose tokens are matched case-insensitively.
public struct WebSocketHandshake: Sendable, Hashable {
    /// The fixed GUID appended to the client's key before hashing (§1.3).
    public static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
    /// The only protocol version spoken (§4.1).
    public static let supportedVersion = "13"

    /// The client's `Sec-WebSocket-Key`, trimmed.
    public let key: String
    /// The `Sec-WebSocket-Accept` value answering `key`.
    public let acceptValue: String

    /// Validates an upgrade request.
    /// - Parameters:
    ///   - method: the request method token; must be `GET`.
    ///   - versionMajor: HTTP major version; must be 1.
    ///   - versionMinor: HTTP minor version; must be >= 1.
    ///   - headers: request header fields, names in any case.
    /// - Throws: `WebSocketHandshakeError` carrying the response: 405 for another method,
    ///   400 for HTTP/1.0, a missing `Connection: upgrade` or a bad key, 426 with
    ///   `Upgrade: websocket` when that token is missing, and 426 with
    ///   `Sec-WebSocket-Version: 13` for any other version.
    public init(
        method: String, versionMajor: Int, versionMinor: Int, headers: [(name: String, value: String)]
    ) throws(WebSocketHandshakeError) {
        guard method == "GET" else {
            throw WebSocketHandshakeError(
                status: 405, message: "WebSocket upgrade requires GET, got \(method)",
                headers: [("Allow", "GET")])
        }
        guard versionMajor == 1 && versionMinor >= 1 else {
            throw WebSocketHandshakeError(status: 400, message: "WebSocket upgrade requires HTTP/1.1")
        }
        guard Self.hasToken("websocket", in: "upgrade", headers) else {
            throw WebSocketHandshakeError(
                status: 426, message: "Missing Upgrade: websocket",
                headers: [("Upgrade", "websocket")])
        }
        guard Self.hasToken("upgrade", in: "connection", headers) else {
            throw WebSocketHandshakeError(status: 400, message: "Missing Connection: upgrade")
        }
        let versions = Self.values(of: "sec-websocket-version", headers)
        guard versions.count == 1, Self.trimmed(versions[0]) == Self.supportedVersion else {
            throw WebSocketHandshakeError(
                status: 426, message: "Unsupported Sec-WebSocket-Version \(versions.joined(separator: ", "))",
                headers: [("Sec-WebSocket-Version", Self.supportedVersion)])
        }
        let keys = Self.values(of: "sec-websocket-key", headers).map(Self.trimmed)
        guard keys.count == 1, let decoded = Base64.decode(keys[0]), decoded.count == 16 else {
            throw WebSocketHandshakeError(status: 400, message: "Sec-WebSocket-Key is not 16 base64-encoded bytes")
        }
        guard let accept = Self.acceptValue(forKey: keys[0]) else {
            throw WebSocketHandshakeError(status: 500, message: "SHA-1 digest unavailable")
        }
        self.key = keys[0]
        self.acceptValue = accept
    }

    /// The headers of the `101 Switching Protocols` response (§4.2.2).
    public var responseHeaders: [(name: String, value: String)] {
        [("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Accept", acceptValue)]
    }

    /// Whether a request asks for a WebSocket upgrade at all (`Upgrade` lists
    /// `websocket`), so a router can tell an upgrade attempt from a plain GET.
    /// - Parameter headers: request header fields.
    /// - Returns: true when the `Upgrade` header names `websocket`.
    public static func isUpgradeRequest(headers: [(name: String, value: String)]) -> Bool {
        hasToken("websocket", in: "upgrade", headers)
    }

    // MARK: - Header fields

    private static func values(of name: String, _ headers: [(name: String, value: String)]) -> [String] {
        headers.filter { $0.name.lowercased() == name }.map(\.value)
    }

    /// Whether any field called `name` lists `token` in its comma-separated value.
    private static func hasToken(_ token: String, in name: String, _ headers: [(name: String, value: String)]) -> Bool {
        values(of: name, headers).contains { value in
            value.split(separator: ",").contains { trimmed(String($0)).lowercased() == token }
        }
    }

    /// Strips optional whitespace (RFC 9110 §5.6.3: spaces and tabs).
    private static func trimmed(_ text: String) -> String {
        let isOWS: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        return String(text.drop(while: isOWS).reversed().drop(while: isOWS).reversed())
    }
}
