/// A complete message or control frame, as handed to the application.
public enum WebSocketMessage: Hashable, Sendable {
    /// A whole text message, reassembled from its fragments and valid UTF-8.
    case text(String)
    /// A whole binary message, reassembled from its fragments.
    case binary([UInt8])
    /// A ping; its payload (<= 125 bytes) must be echoed in a pong.
    case ping([UInt8])
    /// A pong; its payload echoes one of our pings, or anything when unsolicited.
    case pong([UInt8])
    /// The peer's close frame. `code` is nil when the payload was empty
    /// (reported as 1005 locally); `reason` is empty when none was sent.
    case close(code: WebSocketCloseCode?, reason: String)
}
