/// Why an upgrade request was refused, with the HTTP response to send (RFC 6455 §4.2.1–4.2.2).
public struct WebSocketHandshakeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The response status: 400, 405 (method), 426 (version or missing `Upgrade`), or 500.
    public let status: Int
    /// A short plain-text reason, fit for the response body; names the bad value.
    public let message: String
    /// Headers the response must carry, e.g. `Sec-WebSocket-Version: 13` with 426.
    public let headers: [(name: String, value: String)]

    /// Creates an error.
    /// - Parameters:
    ///   - status: HTTP status code, 400–599.
    ///   - message: the reason, for the body and the log.
    ///   - headers: response headers required by the RFC; default none.
    public init(status: Int, message: String, headers: [(name: String, value: String)] = []) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    /// `status message`, e.g. `400 Sec-WebSocket-Key is not 16 base64-encoded bytes`.
    public var description: String { "\(status) \(message)" }

    /// Equal when status, message and every header (in order) match.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.status == rhs.status && lhs.message == rhs.message
            && lhs.headers.map(\.name) == rhs.headers.map(\.name)
            && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }
}
