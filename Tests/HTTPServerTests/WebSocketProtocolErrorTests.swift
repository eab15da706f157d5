import Testing

@testable import HTTPServer

@Suite struct WebSocketProtocolErrorTests {
    @Test func mapsEveryErrorToItsCloseCode() {
        let expectations: [(WebSocketProtocolError, WebSocketCloseCode)] = [
            (.unmaskedFrame, .protocolError), (.reservedBitsSet, .protocolError), (.reservedOpcode(3), .protocolError),
            (.fragmentedControlFrame, .protocolError), (.controlFrameTooLong(126), .protocolError),
            (.invalidLength, .protocolError), (.unexpectedContinuation, .protocolError),
            (.expectedContinuation, .protocolError), (.invalidClosePayloadLength, .protocolError),
            (.invalidCloseCode(1005), .protocolError),
            (.invalidUTF8, .invalidFramePayloadData), (.invalidCloseReason, .invalidFramePayloadData),
            (.frameTooLarge(length: 2, limit: 1), .messageTooBig), (.messageTooLarge(limit: 1), .messageTooBig),
            (.binaryMessageRefused, .unsupportedData),
        ]
        for (error, code) in expectations { #expect(error.closeCode == code, "\(error)") }
    }

    @Test func descriptionsNameTheBadValueAndFitAClosePayload() {
        #expect(WebSocketProtocolError.reservedOpcode(11).description == "reserved opcode 11")
        #expect(WebSocketProtocolError.invalidCloseCode(999).description == "invalid close code 999")
        #expect(
            WebSocketProtocolError.frameTooLarge(length: 70000, limit: 65536).description
                == "frame of 70000 bytes exceeds limit of 65536")
        let longest = WebSocketProtocolError.frameTooLarge(length: .max, limit: .max).description
        #expect(longest.utf8.count <= 123)
    }
}
