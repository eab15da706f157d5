/// Decodes client-to-server WebSocket frames (RFC 6455 §5.2) from bytes that
/// arrive in pieces of any size.
///
/// Append what the socket delivered with `append(_:)`, then call
/// `nextFrame()` until it returns nil. The decoder checks each header field as
/// soon as it arrives: reserved bits (no extension is ever negotiated),
/// reserved opcodes, fragmented or oversized control frames, the client mask
/// (this is the server side, §5.1) and `maxFrameSize` — the last before a single
/// payload byte is buffered. Payload bytes are unmasked as they arrive and the
/// raw input is dropped once consumed, so memory stays at one frame.
/// After an error the decoder keeps throwing it: the connection must close.
public struct WebSocketFrameDecoder: Sendable {
    /// The default `maxFrameSize`: 1 MiB, the same as the default message limit,
    /// so an unfragmented message that is allowed is never refused as a frame.
    public static let defaultMaxFrameSize = 1 << 20

    /// The largest payload accepted in one frame, in bytes.
    public let maxFrameSize: Int

    /// The fields of the first two header bytes once checked.
    private struct Header: Sendable {
        var fin: Bool
        var opcode: WebSocketOpcode
    }

    /// Where the parser is within the current frame; names follow NIO's `WSParser`.
    private enum State: Sendable {
        case idle
        case firstByteReceived(fin: Bool, opcode: WebSocketOpcode)
        case waitingForLengthWord(Header)
        case waitingForLengthQWord(Header)
        case waitingForMask(Header, length: Int)
        case waitingForData(Header, length: Int, mask: UInt32)
        case failed(WebSocketProtocolError)
    }

    private var state: State = .idle
    /// Input not yet consumed starts at `readIndex`.
    private var buffer: [UInt8] = []
    private var readIndex = 0
    /// The unmasked payload of the frame being read.
    private var payload: [UInt8] = []

    /// Creates a decoder.
    /// - Parameter maxFrameSize: largest payload per frame in bytes, >= 125; default 1 MiB.
    public init(maxFrameSize: Int = WebSocketFrameDecoder.defaultMaxFrameSize) {
        precondition(maxFrameSize >= 125, "maxFrameSize must allow a full control frame")
        self.maxFrameSize = maxFrameSize
    }

    /// Bytes appended but not yet consumed into a frame.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Adds bytes read from the connection.
    /// - Parameter bytes: the next bytes, in arrival order.
    public mutating func append(_ bytes: some Collection<UInt8>) {
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            readIndex = 0
        } else if readIndex >= 4096 && readIndex * 2 >= buffer.count {
            buffer.removeFirst(readIndex)
            readIndex = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Returns the next complete frame, or nil when more bytes are needed.
    /// - Returns: a frame with its payload unmasked.
    /// - Throws: `WebSocketProtocolError` for a frame that breaks RFC 6455 or `maxFrameSize`.
    public mutating func nextFrame() throws(WebSocketProtocolError) -> WebSocketFrame? {
        while true {
            switch try step() {
            case .needMoreData: return nil
            case .continueParsing: continue
            case .frame(let frame): return frame
            }
        }
    }

    /// Appends `bytes` and returns every frame they complete.
    /// - Parameter bytes: the next bytes from the connection.
    /// - Returns: the completed frames in order, possibly none.
    /// - Throws: `WebSocketProtocolError` as `nextFrame()`.
    public mutating func decode(_ bytes: some Collection<UInt8>) throws(WebSocketProtocolError) -> [WebSocketFrame] {
        append(bytes)
        var frames: [WebSocketFrame] = []
        while let frame = try nextFrame() { frames.append(frame) }
        return frames
    }

    // MARK: - Parsing

    private enum StepResult {
        case needMoreData
        case continueParsing
        case frame(WebSocketFrame)
    }

    private mutating func step() throws(WebSocketProtocolError) -> StepResult {
        do {
            return try parseStep()
        } catch {
            state = .failed(error)
            throw error
        }
    }

    private mutating func parseStep() throws(WebSocketProtocolError) -> StepResult {
        switch state {
        case .failed(let error):
            throw error
        case .idle:
            guard let start = consume(1) else { return .needMoreData }
            state = try Self.parseFirstByte(buffer[start])
            return .continueParsing
        case .firstByteReceived(let fin, let opcode):
            guard let start = consume(1) else { return .needMoreData }
            state = try Self.parseSecondByte(buffer[start], header: Header(fin: fin, opcode: opcode))
            return try afterLengthKnown()
        case .waitingForLengthWord(let header):
            guard let start = consume(2) else { return .needMoreData }
            state = .waitingForMask(header, length: Int(buffer[start]) << 8 | Int(buffer[start + 1]))
            return try afterLengthKnown()
        case .waitingForLengthQWord(let header):
            guard let start = consume(8) else { return .needMoreData }
            let length = buffer[start..<start + 8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            state = .waitingForMask(header, length: try checkedLength(length, header: header))
            return try afterLengthKnown()
        case .waitingForMask(let header, let length):
            guard let start = consume(4) else { return .needMoreData }
            let mask = buffer[start..<start + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            // Reserve at most 64 KiB up front: a peer announcing a large frame and then
            // trickling it should cost memory only as its bytes actually arrive.
            payload.reserveCapacity(min(length, 64 << 10))
            state = .waitingForData(header, length: length, mask: mask)
            return .continueParsing
        case .waitingForData(let header, let length, let mask):
            return readPayload(header: header, length: length, mask: mask)
        }
    }

    /// Validates the length once fully known; 7- and 16-bit lengths arrive here too.
    private mutating func afterLengthKnown() throws(WebSocketProtocolError) -> StepResult {
        if case .waitingForMask(let header, let length) = state {
            _ = try checkedLength(UInt64(length), header: header)
        }
        return .continueParsing
    }

    private func checkedLength(_ length: UInt64, header: Header) throws(WebSocketProtocolError) -> Int {
        guard length & (1 << 63) == 0 else { throw .invalidLength }
        if header.opcode.isControl && length > 125 { throw .controlFrameTooLong(length) }
        guard length <= UInt64(maxFrameSize) else { throw .frameTooLarge(length: length, limit: maxFrameSize) }
        return Int(length)
    }

    private static func parseFirstByte(_ byte: UInt8) throws(WebSocketProtocolError) -> State {
        guard byte & 0x70 == 0 else { throw .reservedBitsSet }
        guard let opcode = WebSocketOpcode(rawValue: byte & 0x0F) else { throw .reservedOpcode(byte & 0x0F) }
        let fin = byte & 0x80 != 0
        if opcode.isControl && !fin { throw .fragmentedControlFrame }
        return .firstByteReceived(fin: fin, opcode: opcode)
    }

    private static func parseSecondByte(_ byte: UInt8, header: Header) throws(WebSocketProtocolError) -> State {
        guard byte & 0x80 != 0 else { throw .unmaskedFrame }
        let length = byte & 0x7F
        // A control frame's 126/127 marker already means more than 125 bytes.
        if header.opcode.isControl && length > 125 { throw .controlFrameTooLong(UInt64(length)) }
        switch length {
        case 126: return .waitingForLengthWord(header)
        case 127: return .waitingForLengthQWord(header)
        default: return .waitingForMask(header, length: Int(length))
        }
    }

    private mutating func readPayload(header: Header, length: Int, mask: UInt32) -> StepResult {
        let take = min(length - payload.count, bufferedByteCount)
        if take > 0 {
            let offset = payload.count
            payload.append(contentsOf: buffer[readIndex..<readIndex + take])
            readIndex += take
            payload.withUnsafeMutableBytes { all in
                WebSocketFrame.applyMask(mask, offset: offset, to: UnsafeMutableRawBufferPointer(rebasing: all[offset...]))
            }
        }
        guard payload.count == length else { return .needMoreData }
        let frame = WebSocketFrame(fin: header.fin, opcode: header.opcode, maskingKey: mask, payload: payload)
        payload = []
        state = .idle
        return .frame(frame)
    }

    /// Consumes exactly `count` bytes and returns where they start in `buffer`,
    /// or consumes nothing and returns nil when fewer are buffered.
    private mutating func consume(_ count: Int) -> Int? {
        guard bufferedByteCount >= count else { return nil }
        defer { readIndex += count }
        return readIndex
    }
}
