/// A violation of RFC 6455 by the peer, or of a limit or policy of ours.
///
/// Every error knows the close code the server answers it with, so the
/// connection maps it to the wire in one place: framing and sequencing faults
/// → 1002, bad UTF-8 → 1007, too big → 1009, refused binary data → 1003.
/// A struct over a private enum so cases can be added without breaking callers.
public struct WebSocketProtocolError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Kind: Hashable, Sendable {
        case unmaskedFrame
        case reservedBitsSet
        case reservedOpcode(UInt8)
        case fragmentedControlFrame
        case controlFrameTooLong(UInt64)
        case invalidLength
        case frameTooLarge(length: UInt64, limit: Int)
        case messageTooLarge(limit: Int)
        case invalidUTF8
        case unexpectedContinuation
        case expectedContinuation
        case invalidClosePayloadLength
        case invalidCloseCode(UInt16)
        case invalidCloseReason
        case binaryMessageRefused
    }

    private let kind: Kind
    private init(_ kind: Kind) { self.kind = kind }

    /// A client frame arrived without a mask (RFC 6455 §5.1).
    public static let unmaskedFrame = Self(.unmaskedFrame)
    /// RSV1, RSV2 or RSV3 was set although no extension was negotiated (§5.2).
    public static let reservedBitsSet = Self(.reservedBitsSet)
    /// The opcode is one of the reserved values 3–7 or 11–15 (§5.2).
    /// - Parameter opcode: the 4-bit value received.
    public static func reservedOpcode(_ opcode: UInt8) -> Self { Self(.reservedOpcode(opcode)) }
    /// A close, ping or pong frame had FIN clear (§5.5).
    public static let fragmentedControlFrame = Self(.fragmentedControlFrame)
    /// A control frame announced more than 125 payload bytes (§5.5).
    /// - Parameter length: the announced payload length.
    public static func controlFrameTooLong(_ length: UInt64) -> Self { Self(.controlFrameTooLong(length)) }
    /// A 64-bit payload length had its most significant bit set (§5.2).
    public static let invalidLength = Self(.invalidLength)
    /// A frame announced a payload above the decoder's `maxFrameSize`.
    /// - Parameters:
    ///   - length: the announced payload length in bytes.
    ///   - limit: the configured maximum in bytes.
    public static func frameTooLarge(length: UInt64, limit: Int) -> Self {
        Self(.frameTooLarge(length: length, limit: limit))
    }
    /// A (possibly fragmented) message grew above the assembler's limit.
    /// - Parameter limit: the configured maximum in bytes.
    public static func messageTooLarge(limit: Int) -> Self { Self(.messageTooLarge(limit: limit)) }
    /// A text message was not valid UTF-8 (§8.1).
    public static let invalidUTF8 = Self(.invalidUTF8)
    /// A continuation frame arrived with no fragmented message in progress (§5.4).
    public static let unexpectedContinuation = Self(.unexpectedContinuation)
    /// A new text or binary frame arrived while a fragmented message was unfinished (§5.4).
    public static let expectedContinuation = Self(.expectedContinuation)
    /// A close frame carried exactly one payload byte, half a status code (§5.5.1).
    public static let invalidClosePayloadLength = Self(.invalidClosePayloadLength)
    /// A close frame carried a code that may not be sent on the wire (§7.4).
    /// - Parameter code: the code received.
    public static func invalidCloseCode(_ code: UInt16) -> Self { Self(.invalidCloseCode(code)) }
    /// A close frame's reason was not valid UTF-8 (§5.5.1).
    public static let invalidCloseReason = Self(.invalidCloseReason)
    /// A binary message arrived and the configuration refuses binary data.
    public static let binaryMessageRefused = Self(.binaryMessageRefused)

    /// The close code to send in answer to this error.
    public var closeCode: WebSocketCloseCode {
        switch kind {
        case .invalidUTF8, .invalidCloseReason: .invalidFramePayloadData
        case .frameTooLarge, .messageTooLarge: .messageTooBig
        case .binaryMessageRefused: .unsupportedData
        default: .protocolError
        }
    }

    /// A short reason fit for the close frame and the log; names the bad value.
    public var description: String {
        switch kind {
        case .unmaskedFrame: "client frame is not masked"
        case .reservedBitsSet: "reserved bits set without a negotiated extension"
        case .reservedOpcode(let opcode): "reserved opcode \(opcode)"
        case .fragmentedControlFrame: "fragmented control frame"
        case .controlFrameTooLong: "control frame payload longer than 125 bytes"
        case .invalidLength: "64-bit payload length has its most significant bit set"
        case .frameTooLarge(let length, let limit): "frame of \(length) bytes exceeds limit of \(limit)"
        case .messageTooLarge(let limit): "message exceeds limit of \(limit) bytes"
        case .invalidUTF8: "text message is not valid UTF-8"
        case .unexpectedContinuation: "continuation frame without a message to continue"
        case .expectedContinuation: "new message started before the fragmented one ended"
        case .invalidClosePayloadLength: "close payload of 1 byte"
        case .invalidCloseCode(let code): "invalid close code \(code)"
        case .invalidCloseReason: "close reason is not valid UTF-8"
        case .binaryMessageRefused: "binary messages are not accepted"
        }
    }
}
