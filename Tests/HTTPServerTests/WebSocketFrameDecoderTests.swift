import TestSupport
import Testing

@testable import HTTPServer

/// Framing rules of RFC 6455 §5.2 from the server's side, following the
/// Autobahn sections on framing (1), reserved bits (3) and opcodes (4).
@Suite struct WebSocketFrameDecoderTests {
    private func verifier(
        maxFrameSize: Int = WebSocketFrameDecoder.defaultMaxFrameSize
    )
        -> ParserVerifier<WebSocketFrameDecoder, WebSocketFrame>
    {
        ParserVerifier(
            makeParser: { WebSocketFrameDecoder(maxFrameSize: maxFrameSize) },
            feed: { decoder, bytes in try decoder.decode(bytes) })
    }

    // MARK: Autobahn 1: framing

    @Test(arguments: [0, 1, 125, 126, 127, 128, 65535, 65536])
    func decodesTextAndBinaryOfEveryLengthEncoding(length: Int) throws {
        let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) }
        // The full split matrix is quadratic in size; big frames get whole and two splits.
        if length <= 1024 {
            verifier().verify(ClientFrame.bytes(.binary, payload), yields: [ClientFrame.frame(.binary, payload)])
        }
        for cut in [1, 2, 3, 9, 13, 14, length / 2 + 2] {
            var decoder = WebSocketFrameDecoder()
            let bytes = ClientFrame.bytes(.binary, payload)
            let splitAt = min(cut, bytes.count)
            var frames = try decoder.decode(bytes[..<splitAt])
            frames += try decoder.decode(bytes[splitAt...])
            #expect(frames == [ClientFrame.frame(.binary, payload)], "cut at \(cut)")
        }
    }

    @Test func headerSizesFollowTheLengthEncoding() {
        #expect(ClientFrame.bytes(.text, [UInt8](repeating: 0x61, count: 125)).count == 2 + 4 + 125)
        #expect(ClientFrame.bytes(.text, [UInt8](repeating: 0x61, count: 126)).count == 4 + 4 + 126)
        #expect(ClientFrame.bytes(.text, [UInt8](repeating: 0x61, count: 65536)).count == 10 + 4 + 65536)
    }

    @Test func unmasksWithEveryKeyAndKeepsTheKey() {
        let payload = Array("Hello, WebSocket masking!".utf8)
        for key: UInt32 in [0, 1, 0xFFFF_FFFF, 0x8000_0001, 0x1234_5678] {
            verifier().verify(ClientFrame.bytes(.text, payload, key: key), yields: [ClientFrame.frame(.text, payload, key: key)])
        }
    }

    @Test func decodesRFC6455MaskedHelloExample() throws {
        // RFC 6455 §5.7: "A single-frame masked text message".
        var decoder = WebSocketFrameDecoder()
        let frames = try decoder.decode([0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58])
        #expect(frames.map(\.payload) == [Array("Hello".utf8)])
        #expect(frames.first?.maskingKey == 0x37FA_213D)
    }

    @Test func decodesSeveralFramesInOneBuffer() {
        let input = ClientFrame.text("a", fin: false) + ClientFrame.bytes(.ping, [1, 2]) + ClientFrame.bytes(.continuation, [0x62])
        verifier().verify(
            input,
            yields: [
                ClientFrame.frame(.text, [0x61], fin: false), ClientFrame.frame(.ping, [1, 2]), ClientFrame.frame(.continuation, [0x62]),
            ])
    }

    @Test func acceptsNonMinimalLengthEncodings() {
        // RFC 6455 §5.2 asks senders for the minimal encoding but gives receivers no duty to refuse others.
        let sixteenBit = ClientFrame.rawHeader(first: 0x82, lengthField: 126, extended: [0, 3]) + [1, 2, 3]
        let sixtyFourBit = ClientFrame.rawHeader(first: 0x82, lengthField: 127, extended: [0, 0, 0, 0, 0, 0, 0, 3]) + [1, 2, 3]
        let expected = WebSocketFrame(opcode: .binary, maskingKey: ClientFrame.key, payload: [1 ^ 0x37, 2 ^ 0xFA, 3 ^ 0x21])
        verifier().verify(sixteenBit, yields: [expected])
        verifier().verify(sixtyFourBit, yields: [expected])
    }

    @Test func testDecoderRejectsLengthWithTopBitSet() {
        let header = ClientFrame.rawHeader(first: 0x82, lengthField: 127, extended: [0x80, 0, 0, 0, 0, 0, 0, 1])
        verifier().verifyRejects(header, with: WebSocketProtocolError.invalidLength)
    }

    @Test func testDecoderRejectsUnmaskedClientFrame() {
        let unmasked = WebSocketFrameEncoder().encode(WebSocketFrame(opcode: .text, payload: Array("hi".utf8)))
        verifier().verifyRejects(unmasked, with: WebSocketProtocolError.unmaskedFrame)
    }

    // MARK: Limits

    @Test func acceptsFrameAtMaxFrameSize() {
        let payload = [UInt8](repeating: 0x5A, count: 200)
        verifier(maxFrameSize: 200).verify(ClientFrame.bytes(.binary, payload), yields: [ClientFrame.frame(.binary, payload)])
    }

    @Test func testDecoderRejectsFrameOneByteOverMaxFrameSize() {
        let payload = [UInt8](repeating: 0x5A, count: 201)
        verifier(maxFrameSize: 200).verifyRejects(
            ClientFrame.bytes(.binary, payload), with: WebSocketProtocolError.frameTooLarge(length: 201, limit: 200))
    }

    @Test func rejectsOversizedFrameBeforeAnyPayloadArrives() throws {
        var decoder = WebSocketFrameDecoder(maxFrameSize: 1000)
        // Only the 10-byte header announcing 4 GiB: the decoder must not wait for the payload.
        let header = Array(ClientFrame.rawHeader(first: 0x82, lengthField: 127, extended: [0, 0, 0, 1, 0, 0, 0, 0]).prefix(10))
        #expect(throws: WebSocketProtocolError.frameTooLarge(length: 1 << 32, limit: 1000)) { try decoder.decode(header) }
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func keepsThrowingAfterAnError() {
        var decoder = WebSocketFrameDecoder()
        #expect(throws: WebSocketProtocolError.reservedBitsSet) { try decoder.decode([0xC1]) }
        #expect(throws: WebSocketProtocolError.reservedBitsSet) { try decoder.decode(ClientFrame.text("ok")) }
    }

    @Test func buffersOnlyUnconsumedBytes() throws {
        var decoder = WebSocketFrameDecoder()
        let frame = ClientFrame.bytes(.binary, [UInt8](repeating: 1, count: 10_000))
        _ = try decoder.decode(frame[..<5000])
        #expect(decoder.bufferedByteCount == 0, "payload bytes move into the frame as they arrive")
        #expect(try decoder.decode(frame[5000...]).count == 1)
    }

    // MARK: Autobahn 3: reserved bits

    @Test(arguments: 1...7)
    func testDecoderRejectsReservedBits(rsv: Int) {
        let bits = (rsv & 4 != 0, rsv & 2 != 0, rsv & 1 != 0)
        for opcode in [WebSocketOpcode.text, .binary, .ping, .close] {
            let input = ClientFrame.text("ok") + ClientFrame.bytes(opcode, [], rsv: bits)
            verifier().verifyRejects(input, with: WebSocketProtocolError.reservedBitsSet)
        }
    }

    // MARK: Autobahn 4: opcodes

    @Test(arguments: [3, 4, 5, 6, 7, 11, 12, 13, 14, 15] as [UInt8])
    func testDecoderRejectsReservedOpcodes(opcode: UInt8) {
        let input = ClientFrame.text("ok") + ClientFrame.rawHeader(first: 0x80 | opcode, lengthField: 0)
        verifier().verifyRejects(input, with: WebSocketProtocolError.reservedOpcode(opcode))
    }

    @Test func everyFirstByteIsAcceptedOrRejectedPrecisely() throws {
        for first in 0...255 {
            var decoder = WebSocketFrameDecoder()
            let byte = UInt8(first)
            let opcode = WebSocketOpcode(rawValue: byte & 0x0F)
            let expectedError: WebSocketProtocolError? =
                if byte & 0x70 != 0 { .reservedBitsSet } else if opcode == nil {
                    .reservedOpcode(byte & 0x0F)
                } else if opcode?.isControl == true && byte & 0x80 == 0 { .fragmentedControlFrame } else { nil }
            do {
                let frames = try decoder.decode(ClientFrame.rawHeader(first: byte, lengthField: 0))
                #expect(expectedError == nil && frames.count == 1, "first byte \(first)")
            } catch {
                #expect(error == expectedError, "first byte \(first)")
            }
        }
    }

    // MARK: Control frames (Autobahn 2.5, 5.1, 5.2)

    @Test func acceptsControlFrameOf125Bytes() {
        let payload = [UInt8](repeating: 0x41, count: 125)
        verifier().verify(ClientFrame.bytes(.ping, payload), yields: [ClientFrame.frame(.ping, payload)])
    }

    @Test func testDecoderRejectsControlFrameOf126Bytes() {
        for opcode in [WebSocketOpcode.ping, .pong, .close] {
            verifier().verifyRejects(
                ClientFrame.bytes(opcode, [UInt8](repeating: 0x41, count: 126)), with: WebSocketProtocolError.controlFrameTooLong(126))
        }
        // A 16-bit length field saying 100 is still a 126 marker on a control frame.
        verifier().verifyRejects(
            ClientFrame.rawHeader(first: 0x89, lengthField: 126, extended: [0, 100]),
            with: WebSocketProtocolError.controlFrameTooLong(126))
    }

    @Test func testDecoderRejectsFragmentedControlFrames() {
        for opcode in [WebSocketOpcode.ping, .pong, .close] {
            verifier().verifyRejects(ClientFrame.bytes(opcode, [1], fin: false), with: WebSocketProtocolError.fragmentedControlFrame)
        }
    }
}
