/// One WebSocket frame (RFC 6455 §5.2), with its payload in plain (unmasked) form.
///
/// The decoder unmasks payloads as it reads them and keeps the key in
/// `maskingKey` so callers can tell a masked frame from an unmasked one;
/// the encoder masks with `maskingKey` when one is set (client role, tests).
public struct WebSocketFrame: Hashable, Sendable {
    /// Whether this is the final fragment of its message.
    public var fin: Bool
    /// RSV1; must be clear unless an extension defines it (none is negotiated here).
    public var rsv1: Bool
    /// RSV2; must be clear unless an extension defines it.
    public var rsv2: Bool
    /// RSV3; must be clear unless an extension defines it.
    public var rsv3: Bool
    /// What the frame carries.
    public var opcode: WebSocketOpcode
    /// The 32-bit masking key in network byte order, or nil for an unmasked frame.
    public var maskingKey: UInt32?
    /// The application data, already unmasked.
    public var payload: [UInt8]

    /// Creates a frame.
    /// - Parameters:
    ///   - fin: final fragment of its message; default true.
    ///   - rsv1: reserved bit 1; default false.
    ///   - rsv2: reserved bit 2; default false.
    ///   - rsv3: reserved bit 3; default false.
    ///   - opcode: the frame type.
    ///   - maskingKey: key in network byte order, nil for unmasked (server) frames; default nil.
    ///   - payload: the unmasked payload bytes; default empty.
    public init(
        fin: Bool = true, rsv1: Bool = false, rsv2: Bool = false, rsv3: Bool = false,
        opcode: WebSocketOpcode, maskingKey: UInt32? = nil, payload: [UInt8] = []
    ) {
        self.fin = fin
        self.rsv1 = rsv1
        self.rsv2 = rsv2
        self.rsv3 = rsv3
        self.opcode = opcode
        self.maskingKey = maskingKey
        self.payload = payload
    }

    /// A close frame carrying `code` and a UTF-8 `reason` (RFC 6455 §5.5.1).
    ///
    /// The reason is cut at a character boundary so the payload stays within
    /// the 125 bytes a control frame may carry.
    /// - Parameters:
    ///   - code: the status to send; nil sends an empty close payload.
    ///   - reason: human-readable text; default empty. Dropped when `code` is nil.
    /// - Returns: an unmasked, final close frame.
    public static func close(code: WebSocketCloseCode?, reason: String = "") -> WebSocketFrame {
        guard let code else { return WebSocketFrame(opcode: .close) }
        var payload: [UInt8] = [UInt8(code.rawValue >> 8), UInt8(code.rawValue & 0xFF)]
        for scalar in reason.unicodeScalars {
            let encoded = Array(String(scalar).utf8)
            guard payload.count + encoded.count <= 125 else { break }
            payload += encoded
        }
        return WebSocketFrame(opcode: .close, payload: payload)
    }
}
