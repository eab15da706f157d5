/// Writes WebSocket frames (RFC 6455 §5.2) as bytes.
///
/// Server frames are unmasked (§5.1); a frame with a `maskingKey` is masked
/// with it, which is how tests play the client. The shortest length encoding
/// is always chosen: 7 bits up to 125 bytes, 16 bits up to 65 535, else 64 bits.
/// Stateless: one encoder can serve any number of connections.
public struct WebSocketFrameEncoder: Sendable {
    /// Creates an encoder.
    public init() {}

    /// The size of a frame header.
    /// - Parameters:
    ///   - payloadLength: payload bytes, >= 0.
    ///   - masked: whether a 4-byte masking key follows the length.
    /// - Returns: 2 to 14 bytes.
    public static func headerSize(payloadLength: Int, masked: Bool) -> Int {
        let lengthBytes = payloadLength <= 125 ? 0 : (payloadLength <= 0xFFFF ? 2 : 8)
        return 2 + lengthBytes + (masked ? 4 : 0)
    }

    /// Appends a whole frame to `buffer`, which may already hold other frames.
    /// - Parameters:
    ///   - frame: the frame; its payload is masked on the way out when `maskingKey` is set.
    ///   - buffer: the output, grown by `headerSize + payload.count` bytes.
    public func encode(_ frame: WebSocketFrame, into buffer: inout [UInt8]) {
        buffer.reserveCapacity(
            buffer.count + Self.headerSize(payloadLength: frame.payload.count, masked: frame.maskingKey != nil)
                + frame.payload.count)
        encodeHeader(of: frame, into: &buffer)
        let start = buffer.count
        buffer.append(contentsOf: frame.payload)
        if let key = frame.maskingKey {
            buffer.withUnsafeMutableBytes { all in
                WebSocketFrame.applyMask(key, offset: 0, to: UnsafeMutableRawBufferPointer(rebasing: all[start...]))
            }
        }
    }

    /// Returns a whole frame as a new array.
    /// - Parameter frame: the frame to write.
    /// - Returns: header followed by the (possibly masked) payload.
    public func encode(_ frame: WebSocketFrame) -> [UInt8] {
        var buffer: [UInt8] = []
        encode(frame, into: &buffer)
        return buffer
    }

    /// Appends only the header of `frame`, so a large payload can be written
    /// from its own buffer without being copied behind the header.
    /// - Parameters:
    ///   - frame: the frame whose header to write; the length comes from its payload.
    ///   - buffer: the output.
    public func encodeHeader(of frame: WebSocketFrame, into buffer: inout [UInt8]) {
        encodeHeader(
            fin: frame.fin, rsv: (frame.rsv1, frame.rsv2, frame.rsv3), opcode: frame.opcode,
            maskingKey: frame.maskingKey, payloadLength: frame.payload.count, into: &buffer)
    }

    /// Appends a frame header for a payload the caller writes next.
    /// - Parameters:
    ///   - fin: final fragment; default true.
    ///   - opcode: the frame type.
    ///   - payloadLength: payload bytes that will follow, >= 0.
    ///   - buffer: the output.
    public func encodeHeader(fin: Bool = true, opcode: WebSocketOpcode, payloadLength: Int, into buffer: inout [UInt8]) {
        encodeHeader(
            fin: fin, rsv: (false, false, false), opcode: opcode, maskingKey: nil,
            payloadLength: payloadLength, into: &buffer)
    }

    private func encodeHeader(
        fin: Bool, rsv: (Bool, Bool, Bool), opcode: WebSocketOpcode, maskingKey: UInt32?,
        payloadLength: Int, into buffer: inout [UInt8]
    ) {
        var first = opcode.rawValue
        if fin { first |= 0x80 }
        if rsv.0 { first |= 0x40 }
        if rsv.1 { first |= 0x20 }
        if rsv.2 { first |= 0x10 }
        buffer.append(first)
        let maskBit: UInt8 = maskingKey == nil ? 0 : 0x80
        switch payloadLength {
        case ...125:
            buffer.append(maskBit | UInt8(payloadLength))
        case ...0xFFFF:
            buffer.append(maskBit | 126)
            buffer.append(UInt8(payloadLength >> 8))
            buffer.append(UInt8(payloadLength & 0xFF))
        default:
            buffer.append(maskBit | 127)
            let length = UInt64(payloadLength)
            for shift in stride(from: 56, through: 0, by: -8) { buffer.append(UInt8((length >> UInt64(shift)) & 0xFF)) }
        }
        if let key = maskingKey {
            for shift in [24, 16, 8, 0] { buffer.append(UInt8((key >> UInt32(shift)) & 0xFF)) }
        }
    }
}
