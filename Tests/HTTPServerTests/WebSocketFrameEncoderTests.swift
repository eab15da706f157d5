import Testing

@testable import HTTPServer

@Suite struct WebSocketFrameEncoderTests {
    private let encoder = WebSocketFrameEncoder()

    @Test func writesSevenBitLengthUnmasked() {
        let bytes = encoder.encode(WebSocketFrame(opcode: .text, payload: Array("Hello".utf8)))
        // RFC 6455 §5.7: "A single-frame unmasked text message".
        #expect(bytes == [0x81, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F])
    }

    @Test(
        arguments: [
            (0, [0x00]), (125, [0x7D]), (126, [0x7E, 0x00, 0x7E]), (65535, [0x7E, 0xFF, 0xFF]),
            (65536, [0x7F, 0, 0, 0, 0, 0, 1, 0, 0]),
        ] as [(Int, [UInt8])])
    func choosesTheShortestLengthEncoding(length: Int, lengthBytes: [UInt8]) {
        let bytes = encoder.encode(WebSocketFrame(opcode: .binary, payload: [UInt8](repeating: 7, count: length)))
        #expect(Array(bytes[1..<1 + lengthBytes.count]) == lengthBytes)
        #expect(bytes.count == WebSocketFrameEncoder.headerSize(payloadLength: length, masked: false) + length)
        #expect(bytes.count == 1 + lengthBytes.count + length)
    }

    @Test func writesFinRsvAndOpcodeBits() {
        let frame = WebSocketFrame(fin: false, rsv1: true, rsv2: false, rsv3: true, opcode: .continuation)
        #expect(encoder.encode(frame) == [0x50, 0x00])
        #expect(encoder.encode(WebSocketFrame(opcode: .pong)) == [0x8A, 0x00])
    }

    @Test func appendsToAnExistingBuffer() {
        var buffer: [UInt8] = [0xAA]
        encoder.encode(WebSocketFrame(opcode: .ping, payload: [1]), into: &buffer)
        encoder.encode(WebSocketFrame(opcode: .close), into: &buffer)
        #expect(buffer == [0xAA, 0x89, 0x01, 0x01, 0x88, 0x00])
    }

    @Test func headerOnlyMatchesTheFullEncoding() {
        let payload = [UInt8](repeating: 3, count: 300)
        var header: [UInt8] = []
        encoder.encodeHeader(opcode: .binary, payloadLength: payload.count, into: &header)
        #expect(header + payload == encoder.encode(WebSocketFrame(opcode: .binary, payload: payload)))
    }

    @Test(arguments: [0, 1, 3, 4, 5, 7, 8, 9, 125, 126, 1000, 65535, 65536, 70_001])
    func roundTripsThroughTheDecoder(length: Int) throws {
        let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let frames = [
            WebSocketFrame(fin: false, opcode: .binary, maskingKey: 0xDEAD_BEEF, payload: payload),
            WebSocketFrame(opcode: .ping, maskingKey: 0x0102_0304, payload: Array(payload.prefix(125))),
            WebSocketFrame(opcode: .continuation, maskingKey: 0, payload: payload),
        ]
        var bytes: [UInt8] = []
        for frame in frames { encoder.encode(frame, into: &bytes) }
        var decoder = WebSocketFrameDecoder(maxFrameSize: 1 << 17)
        #expect(try decoder.decode(bytes) == frames)
    }

    @Test func masksPayloadOnTheWire() {
        let bytes = encoder.encode(WebSocketFrame(opcode: .text, maskingKey: 0x37FA_213D, payload: Array("Hello".utf8)))
        #expect(bytes == [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58])
    }
}
