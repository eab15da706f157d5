import Testing

@testable import HTTPServer

@Suite struct WebSocketCloseCodeTests {
    @Test func validityOnTheWireCoversEveryCode() {
        for raw in 0...UInt16.max {
            let expected = (1000...1003).contains(raw) || (1007...1011).contains(raw) || (3000...4999).contains(raw)
            #expect(WebSocketCloseCode(rawValue: raw).isValidOnWire == expected, "code \(raw)")
        }
    }

    @Test func localOnlyCodesAreNeverValid() {
        #expect(!WebSocketCloseCode.noStatusReceived.isValidOnWire)
        #expect(!WebSocketCloseCode.abnormalClosure.isValidOnWire)
        #expect(!WebSocketCloseCode(rawValue: 1015).isValidOnWire)
        #expect(!WebSocketCloseCode(rawValue: 1004).isValidOnWire)
    }

    @Test func namedCodesHaveTheirRFCValues() {
        let named: [(WebSocketCloseCode, UInt16)] = [
            (.normalClosure, 1000), (.goingAway, 1001), (.protocolError, 1002), (.unsupportedData, 1003),
            (.invalidFramePayloadData, 1007), (.policyViolation, 1008), (.messageTooBig, 1009),
            (.mandatoryExtension, 1010), (.internalError, 1011),
        ]
        for (code, raw) in named { #expect(code.rawValue == raw && code.description == String(raw)) }
    }
}
