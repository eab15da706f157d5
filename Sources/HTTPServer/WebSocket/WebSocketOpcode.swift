/// The opcode of a WebSocket frame (RFC 6455 §5.2).
///
/// Only the six opcodes RFC 6455 defines exist here: the reserved values
/// (3–7 and 11–15) are refused by the decoder, since no extension that
/// could give them a meaning is ever negotiated.
public enum WebSocketOpcode: UInt8, Sendable, Hashable, CustomStringConvertible {
    /// Continues a fragmented text or binary message.
    case continuation = 0x0
    /// Starts a text message (UTF-8 payload).
    case text = 0x1
    /// Starts a binary message.
    case binary = 0x2
    /// Closes the connection, optionally with a status code and reason.
    case close = 0x8
    /// Asks the peer for a pong with the same payload.
    case ping = 0x9
    /// Answers a ping, or is sent unsolicited as a heartbeat.
    case pong = 0xA

    /// Whether this is a control frame opcode (close, ping, pong): these may
    /// not be fragmented and carry at most 125 payload bytes (RFC 6455 §5.5).
    public var isControl: Bool { rawValue & 0x8 != 0 }

    /// The opcode's name, e.g. `text`.
    public var description: String {
        switch self {
        case .continuation: "continuation"
        case .text: "text"
        case .binary: "binary"
        case .close: "close"
        case .ping: "ping"
        case .pong: "pong"
        }
    }
}
