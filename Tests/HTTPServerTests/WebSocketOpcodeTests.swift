import Testing

@testable import HTTPServer

@Suite struct WebSocketOpcodeTests {
    @Test func onlyTheSixDefinedOpcodesExist() {
        let defined = (0...15).compactMap { WebSocketOpcode(rawValue: UInt8($0)) }
        #expect(defined == [.continuation, .text, .binary, .close, .ping, .pong])
    }

    @Test func controlOpcodesHaveTheHighBitOfTheNibble() {
        #expect([WebSocketOpcode.close, .ping, .pong].allSatisfy { $0.isControl })
        #expect(![WebSocketOpcode.continuation, .text, .binary].contains { $0.isControl })
        #expect(WebSocketOpcode.pong.description == "pong")
    }
}
