/// Turns decoded frames into whole messages (RFC 6455 §5.4, §5.5, §8.1).
///
/// Fragments of a text or binary message are joined while control frames
/// pass straight through, even in the middle of a fragmented message. Text is
/// validated incrementally as each fragment arrives: a code point split across
/// two fragments is fine, and a message fails at the first fragment that makes
/// it invalid rather than at its end. The message size limit is checked before
/// a fragment is copied. Close payloads are checked here too: a 1-byte payload
/// or a code not allowed on the wire is a protocol error, a reason that is not
/// UTF-8 is invalid data.
public struct WebSocketMessageAssembler: Sendable {
    /// Limits and policies for reassembly.
    public struct Configuration: Sendable {
        /// Largest message in bytes, summed over its fragments; larger → 1009.
        public var maxMessageSize: Int
        /// Whether binary messages are delivered; when false they fail with 1003
        /// as soon as their first frame arrives, before anything is buffered.
        public var acceptsBinaryMessages: Bool

        /// Creates a configuration.
        /// - Parameters:
        ///   - maxMessageSize: bytes per message, > 0; default 1 MiB.
        ///   - acceptsBinaryMessages: deliver binary messages; default false, because
        ///     this server's protocol is JSON text only.
        public init(maxMessageSize: Int = 1 << 20, acceptsBinaryMessages: Bool = false) {
            self.maxMessageSize = maxMessageSize
            self.acceptsBinaryMessages = acceptsBinaryMessages
        }
    }

    /// The data message being reassembled, if any.
    private enum Partial: Sendable {
        case none
        case text
        case binary
    }

    /// The configuration in force.
    public let configuration: Configuration
    private var partial: Partial = .none
    private var fragments: [UInt8] = []
    private var utf8 = UTF8Validator()

    /// Creates an assembler.
    /// - Parameter configuration: limits and policies; default `Configuration()`.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Whether a fragmented message has started and not yet ended.
    public var isAssembling: Bool {
        if case .none = partial { false } else { true }
    }

    /// Takes the next frame from the decoder.
    /// - Parameter frame: a frame the decoder has already checked.
    /// - Returns: the message it completes, or nil when it was a non-final fragment.
    /// - Throws: `WebSocketProtocolError` for a sequencing fault (1002), bad UTF-8
    ///   (1007), an oversized message (1009) or a refused binary message (1003).
    public mutating func receive(_ frame: WebSocketFrame) throws(WebSocketProtocolError) -> WebSocketMessage? {
        switch frame.opcode {
        case .ping: return .ping(frame.payload)
        case .pong: return .pong(frame.payload)
        case .close: return try Self.parseClose(frame.payload)
        case .text, .binary: return try start(frame)
        case .continuation: return try `continue`(frame)
        }
    }

    private mutating func start(_ frame: WebSocketFrame) throws(WebSocketProtocolError) -> WebSocketMessage? {
        guard case .none = partial else { throw .expectedContinuation }
        let isText = frame.opcode == .text
        if !isText && !configuration.acceptsBinaryMessages { throw .binaryMessageRefused }
        try checkSize(adding: frame.payload.count)
        if isText {
            utf8 = UTF8Validator()
            guard utf8.consume(frame.payload) else { throw .invalidUTF8 }
        }
        if frame.fin {
            return try Self.finish(isText: isText, bytes: frame.payload, utf8: utf8)
        }
        partial = isText ? .text : .binary
        fragments = frame.payload
        return nil
    }

    private mutating func `continue`(_ frame: WebSocketFrame) throws(WebSocketProtocolError) -> WebSocketMessage? {
        let isText: Bool
        switch partial {
        case .none: throw .unexpectedContinuation
        case .text: isText = true
        case .binary: isText = false
        }
        try checkSize(adding: frame.payload.count)
        if isText { guard utf8.consume(frame.payload) else { throw .invalidUTF8 } }
        fragments.append(contentsOf: frame.payload)
        guard frame.fin else { return nil }
        let bytes = fragments
        fragments = []
        partial = .none
        return try Self.finish(isText: isText, bytes: bytes, utf8: utf8)
    }

    private func checkSize(adding count: Int) throws(WebSocketProtocolError) {
        if count > configuration.maxMessageSize - fragments.count {
            throw .messageTooLarge(limit: configuration.maxMessageSize)
        }
    }

    private static func finish(isText: Bool, bytes: [UInt8], utf8: UTF8Validator) throws(WebSocketProtocolError) -> WebSocketMessage {
        guard isText else { return .binary(bytes) }
        // The bytes may end inside a code point that a next fragment would have finished.
        guard utf8.isComplete else { throw .invalidUTF8 }
        return .text(String(decoding: bytes, as: UTF8.self))
    }

    /// Reads a close payload: empty, or a 2-byte code then a UTF-8 reason (§5.5.1).
    private static func parseClose(_ payload: [UInt8]) throws(WebSocketProtocolError) -> WebSocketMessage {
        guard !payload.isEmpty else { return .close(code: nil, reason: "") }
        guard payload.count >= 2 else { throw .invalidClosePayloadLength }
        let code = WebSocketCloseCode(rawValue: UInt16(payload[0]) << 8 | UInt16(payload[1]))
        guard code.isValidOnWire else { throw .invalidCloseCode(code.rawValue) }
        let reason = payload[2...]
        guard UTF8Validator.isValid(reason) else { throw .invalidCloseReason }
        return .close(code: code, reason: String(decoding: reason, as: UTF8.self))
    }
}
