import Testing

@testable import HTTPServer

@Suite struct WebSocketFrameTests {
    @Test func closeFrameCarriesCodeAndReason() {
        let frame = WebSocketFrame.close(code: .init(rawValue: 4004), reason: "track not found")
        #expect(frame.opcode == .close && frame.fin && frame.maskingKey == nil)
        #expect(frame.payload == [0x0F, 0xA4] + Array("track not found".utf8))
    }

    @Test func closeWithoutCodeIsEmpty() {
        #expect(WebSocketFrame.close(code: nil, reason: "ignored").payload.isEmpty)
    }

    @Test func closeReasonIsCutAtACharacterBoundaryWithin125Bytes() {
        // 62 two-byte characters = 124 bytes: only 61 fit after the 2-byte code.
        let frame = WebSocketFrame.close(code: .normalClosure, reason: String(repeating: "é", count: 62))
        #expect(frame.payload.count == 124)
        #expect(UTF8Validator.isValid(frame.payload[2...]))
        let ascii = WebSocketFrame.close(code: .normalClosure, reason: String(repeating: "a", count: 200))
        #expect(ascii.payload.count == 125)
    }

    @Test func maskingIsItsOwnInverseAtEveryOffset() {
        let original = (0..<37).map { UInt8($0) }
        for offset in 0..<4 {
            var bytes = original
            bytes.withUnsafeMutableBytes { WebSocketFrame.applyMask(0xA1B2_C3D4, offset: offset, to: $0) }
            #expect(bytes != original)
            let key: [UInt8] = [0xA1, 0xB2, 0xC3, 0xD4]
            #expect(bytes == original.enumerated().map { $0.element ^ key[($0.offset + offset) % 4] })
            bytes.withUnsafeMutableBytes { WebSocketFrame.applyMask(0xA1B2_C3D4, offset: offset, to: $0) }
            #expect(bytes == original)
        }
    }
}
