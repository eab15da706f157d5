/// A close status code (RFC 6455 §7.4).
///
/// Any 16-bit value can be represented, because the server may need to echo or
/// log what a peer sent; `isValidOnWire` says whether a code may legally appear
/// in a received close frame.
public struct WebSocketCloseCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The numeric code as carried in the first two bytes of a close payload.
    public let rawValue: UInt16

    /// Wraps a numeric code without validating it; see `isValidOnWire`.
    /// - Parameter rawValue: the code, 0–65535.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// 1000: the purpose of the connection has been fulfilled.
    public static let normalClosure = WebSocketCloseCode(rawValue: 1000)
    /// 1001: the endpoint is going away (server shutdown, page navigation).
    public static let goingAway = WebSocketCloseCode(rawValue: 1001)
    /// 1002: the peer broke the framing or message rules.
    public static let protocolError = WebSocketCloseCode(rawValue: 1002)
    /// 1003: the endpoint cannot accept this kind of data (e.g. binary).
    public static let unsupportedData = WebSocketCloseCode(rawValue: 1003)
    /// 1005: reported locally when a close frame had no code; never sent.
    public static let noStatusReceived = WebSocketCloseCode(rawValue: 1005)
    /// 1006: reported locally when TCP closed without a close frame; never sent.
    public static let abnormalClosure = WebSocketCloseCode(rawValue: 1006)
    /// 1007: a text message or close reason was not valid UTF-8.
    public static let invalidFramePayloadData = WebSocketCloseCode(rawValue: 1007)
    /// 1008: a message violated the endpoint's policy.
    public static let policyViolation = WebSocketCloseCode(rawValue: 1008)
    /// 1009: a frame or message was larger than the endpoint accepts.
    public static let messageTooBig = WebSocketCloseCode(rawValue: 1009)
    /// 1010: (client only) the server did not negotiate a required extension.
    public static let mandatoryExtension = WebSocketCloseCode(rawValue: 1010)
    /// 1011: the server met an unexpected condition (also used for a ping timeout).
    public static let internalError = WebSocketCloseCode(rawValue: 1011)

    /// Whether a peer may send this code in a close frame.
    ///
    /// Valid: 1000–1003 and 1007–1011 (defined by RFC 6455), 3000–3999
    /// (registered for libraries) and 4000–4999 (private use). Invalid:
    /// anything below 1000, 1004 (reserved), 1005, 1006 and 1015 (local-only
    /// by definition), every other unassigned 1xxx and 2xxx value, and 5000+.
    public var isValidOnWire: Bool {
        switch rawValue {
        case 1000...1003, 1007...1011, 3000...4999: true
        default: false
        }
    }

    /// The decimal code, e.g. `1002`.
    public var description: String { String(rawValue) }
}
