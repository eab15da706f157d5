import TestSupport
import Testing

@testable import HTTPServer

/// Message rules through the decoder and assembler together, following the
/// Autobahn sections on ping/pong (2), fragmentation (5), UTF-8 (6) and close (7).
@Suite struct WebSocketMessageAssemblerTests {
    private let verifier = WebSocketPipeline.verifier()

    // MARK: Autobahn 1: whole messages

    @Test(arguments: [0, 125, 126, 127, 128, 65535, 65536])
    func deliversTextAndBinaryMessages(length: Int) throws {
        let text = String(repeating: "*", count: length)
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0) }
        var pipeline = WebSocketPipeline()
        let messages = try pipeline.feed(ArraySlice(ClientFrame.text(text) + ClientFrame.bytes(.binary, bytes)))
        #expect(messages == [.text(text), .binary(bytes)])
    }

    // MARK: Autobahn 2: ping and pong

    @Test func passesPingsAndPongsThrough() {
        let payload125 = [UInt8](repeating: 0xFE, count: 125)
        verifier.verify(ClientFrame.bytes(.ping), yields: [.ping([])])
        verifier.verify(ClientFrame.bytes(.ping, Array("Hello, world!".utf8)), yields: [.ping(Array("Hello, world!".utf8))])
        verifier.verify(ClientFrame.bytes(.ping, [0x00, 0xFF, 0xFE, 0xFD]), yields: [.ping([0x00, 0xFF, 0xFE, 0xFD])])
        verifier.verify(ClientFrame.bytes(.ping, payload125), yields: [.ping(payload125)])
        verifier.verify(
            ClientFrame.bytes(.pong) + ClientFrame.bytes(.pong, [1]) + ClientFrame.bytes(.ping, [2]),
            yields: [.pong([]), .pong([1]), .ping([2])])
    }

    @Test func tenPingsInOneBuffer() {
        let input = (0..<10).flatMap { ClientFrame.bytes(.ping, [UInt8($0)]) }
        verifier.verify(input, yields: (0..<10).map { .ping([UInt8($0)]) })
    }

    // MARK: Autobahn 5: fragmentation

    @Test func reassemblesFragmentedText() {
        let input =
            ClientFrame.text("frag", fin: false) + ClientFrame.bytes(.continuation, Array("ment".utf8), fin: false)
            + ClientFrame.bytes(.continuation, Array("ed".utf8))
        verifier.verify(input, yields: [.text("fragmented")])
    }

    @Test func reassemblesFragmentedBinaryWithEmptyFragments() {
        let input =
            ClientFrame.bytes(.binary, [], fin: false) + ClientFrame.bytes(.continuation, [1, 2], fin: false)
            + ClientFrame.bytes(.continuation, [])
        verifier.verify(input, yields: [.binary([1, 2])])
    }

    @Test func controlFramesInterleaveWithFragments() {
        let input =
            ClientFrame.text("one ", fin: false) + ClientFrame.bytes(.ping, [9]) + ClientFrame.bytes(.continuation, Array("two ".utf8), fin: false)
            + ClientFrame.bytes(.pong) + ClientFrame.bytes(.continuation, Array("three".utf8))
        verifier.verify(input, yields: [.ping([9]), .pong([]), .text("one two three")])
    }

    @Test func testAssemblerRejectsContinuationWithoutStart() {
        verifier.verifyRejects(ClientFrame.bytes(.continuation, Array("x".utf8)), with: WebSocketProtocolError.unexpectedContinuation)
        let afterFinished = ClientFrame.text("done") + ClientFrame.bytes(.continuation, [], fin: false)
        verifier.verifyRejects(afterFinished, with: WebSocketProtocolError.unexpectedContinuation)
    }

    @Test func testAssemblerRejectsNewMessageDuringFragmentedOne() {
        verifier.verifyRejects(ClientFrame.text("a", fin: false) + ClientFrame.text("b"), with: WebSocketProtocolError.expectedContinuation)
        verifier.verifyRejects(
            ClientFrame.text("a", fin: false) + ClientFrame.bytes(.binary, [1], fin: false),
            with: WebSocketProtocolError.expectedContinuation)
    }

    // MARK: Autobahn 6: UTF-8

    @Test func validTextSplitAcrossFragmentsAtEveryByte() {
        for (name, bytes) in UTF8ValidatorTests.valid {
            for cut in 0...bytes.count {
                let input = ClientFrame.bytes(.text, Array(bytes[..<cut]), fin: false) + ClientFrame.bytes(.continuation, Array(bytes[cut...]))
                verifier.verify(input, yields: [.text(String(decoding: bytes, as: UTF8.self))])
                _ = name
            }
        }
    }

    @Test func testAssemblerRejectsInvalidUTF8InEverySection() {
        for (_, bytes, _) in UTF8ValidatorTests.invalid {
            verifier.verifyRejects(ClientFrame.bytes(.text, bytes), with: WebSocketProtocolError.invalidUTF8)
        }
        for (_, bytes) in UTF8ValidatorTests.truncated {
            verifier.verifyRejects(ClientFrame.bytes(.text, bytes), with: WebSocketProtocolError.invalidUTF8)
        }
    }

    @Test func rejectsInvalidFragmentBeforeTheMessageEnds() throws {
        var pipeline = WebSocketPipeline()
        // Autobahn 6.4: fail fast — the first fragment is already impossible.
        #expect(throws: WebSocketProtocolError.invalidUTF8) {
            try pipeline.feed(ArraySlice(ClientFrame.bytes(.text, [0xCE, 0xBA, 0xF4, 0x90], fin: false)))
        }
    }

    @Test func codePointSplitAcrossFragmentsIsIncompleteNotInvalid() throws {
        var pipeline = WebSocketPipeline()
        #expect(try pipeline.feed(ArraySlice(ClientFrame.bytes(.text, [0xE2, 0x82], fin: false))).isEmpty)
        #expect(try pipeline.feed(ArraySlice(ClientFrame.bytes(.continuation, [0xAC]))) == [.text("€")])
        // The same split ending the message is invalid.
        verifier.verifyRejects(
            ClientFrame.bytes(.text, [0xE2, 0x82], fin: false) + ClientFrame.bytes(.continuation, []),
            with: WebSocketProtocolError.invalidUTF8)
    }

    // MARK: Autobahn 7: close

    @Test func closePayloads() {
        verifier.verify(ClientFrame.bytes(.close), yields: [.close(code: nil, reason: "")])
        verifier.verify(ClientFrame.close(1000), yields: [.close(code: .normalClosure, reason: "")])
        verifier.verify(ClientFrame.close(1000, reason: Array("Hello World!".utf8)), yields: [.close(code: .normalClosure, reason: "Hello World!")])
        let reason123 = String(repeating: "*", count: 123)
        verifier.verify(ClientFrame.close(1000, reason: Array(reason123.utf8)), yields: [.close(code: .normalClosure, reason: reason123)])
    }

    @Test func testAssemblerRejectsOneByteClosePayload() {
        verifier.verifyRejects(ClientFrame.bytes(.close, [0x03]), with: WebSocketProtocolError.invalidClosePayloadLength)
    }

    @Test func testAssemblerRejectsCloseWithOversizedReason() {
        verifier.verifyRejects(
            ClientFrame.close(1000, reason: [UInt8](repeating: 0x2A, count: 124)),
            with: WebSocketProtocolError.controlFrameTooLong(126))
    }

    @Test func testAssemblerRejectsCloseReasonThatIsNotUTF8() {
        let reason: [UInt8] = [0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5, 0xED, 0xA0, 0x80, 0x65]
        verifier.verifyRejects(ClientFrame.close(1000, reason: reason), with: WebSocketProtocolError.invalidCloseReason)
        #expect(WebSocketProtocolError.invalidCloseReason.closeCode == .invalidFramePayloadData)
    }

    @Test(arguments: [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999] as [UInt16])
    func acceptsValidCloseCodes(code: UInt16) {
        verifier.verify(ClientFrame.close(code), yields: [.close(code: WebSocketCloseCode(rawValue: code), reason: "")])
    }

    @Test(arguments: [0, 999, 1004, 1005, 1006, 1012, 1013, 1014, 1015, 1016, 1100, 2000, 2999, 5000, 65535] as [UInt16])
    func testAssemblerRejectsInvalidCloseCodes(code: UInt16) {
        verifier.verifyRejects(ClientFrame.close(code), with: WebSocketProtocolError.invalidCloseCode(code))
    }

    // MARK: Limits and policy

    @Test func acceptsMessageAtTheLimitAcrossFragments() {
        let pipeline = WebSocketPipeline.verifier(configuration: .init(maxMessageSize: 10, acceptsBinaryMessages: true))
        pipeline.verify(
            ClientFrame.text("12345", fin: false) + ClientFrame.bytes(.continuation, Array("67890".utf8)),
            yields: [.text("1234567890")])
        pipeline.verify(ClientFrame.bytes(.binary, [UInt8](repeating: 1, count: 10)), yields: [.binary([UInt8](repeating: 1, count: 10))])
    }

    @Test func testAssemblerRejectsMessageOneByteOverTheLimit() {
        let pipeline = WebSocketPipeline.verifier(configuration: .init(maxMessageSize: 10, acceptsBinaryMessages: true))
        pipeline.verifyRejects(
            ClientFrame.text("12345", fin: false) + ClientFrame.bytes(.continuation, Array("678901".utf8)),
            with: WebSocketProtocolError.messageTooLarge(limit: 10))
        pipeline.verifyRejects(ClientFrame.bytes(.binary, [UInt8](repeating: 1, count: 11)), with: WebSocketProtocolError.messageTooLarge(limit: 10))
        #expect(WebSocketProtocolError.messageTooLarge(limit: 10).closeCode == .messageTooBig)
    }

    @Test func defaultMessageLimitIsOneMebibyte() throws {
        var pipeline = WebSocketPipeline(maxFrameSize: 1 << 21)
        let atLimit = [UInt8](repeating: 0x61, count: 1 << 20)
        #expect(try pipeline.feed(ArraySlice(ClientFrame.bytes(.binary, atLimit))) == [.binary(atLimit)])
        #expect(throws: WebSocketProtocolError.messageTooLarge(limit: 1 << 20)) {
            try pipeline.feed(ArraySlice(ClientFrame.bytes(.binary, atLimit + [0x61])))
        }
    }

    @Test func refusesBinaryMessagesByDefaultOnTheFirstFragment() throws {
        let refusing = WebSocketPipeline.verifier(configuration: .init())
        refusing.verifyRejects(ClientFrame.bytes(.binary, [1, 2, 3], fin: false), with: WebSocketProtocolError.binaryMessageRefused)
        refusing.verify(ClientFrame.text("text is fine"), yields: [.text("text is fine")])
        #expect(WebSocketProtocolError.binaryMessageRefused.closeCode == .unsupportedData)
    }
}
