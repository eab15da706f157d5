import Foundation
import TestSupport
import Testing

@testable import HTTPServer

/// WebSocket connections over real sockets (the Python `websockets` suite in
/// `make test` covers the same ground with an independent client).
@Suite struct WebSocketChannelHandlerTests {
    static let upgrade =
        "GET /ws/echo/ HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"

    @Test func handshakeEchoAndCloseHandshake() async throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        await client.send(Self.upgrade)
        let response = try await client.response(head: true)
        #expect(response.status == 101)
        #expect(response.header("sec-websocket-accept") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        await client.send(
            LoopbackSocket.maskedFrame(opcode: 0x1, payload: Array("hé".utf8), fin: false)
                + LoopbackSocket.maskedFrame(opcode: 0x9, payload: [7])
                + LoopbackSocket.maskedFrame(opcode: 0x0, payload: Array("llo".utf8)))
        let pong = try await client.frame()
        #expect(pong.opcode == 0xA && pong.payload == [7])
        let echo = try await client.frame()
        #expect(echo.opcode == 0x1 && String(decoding: echo.payload, as: UTF8.self) == "echo: héllo")
        await client.send(LoopbackSocket.maskedFrame(opcode: 0x8, payload: [0x03, 0xE8]))
        let close = try await client.frame()
        #expect(close.opcode == 0x8 && close.payload == [0x03, 0xE8])
        #expect(await client.closedByPeer())
        await server.shutdown()
    }

    @Test func applicationCloseCodeRightAfterUpgrade() async throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        await client.send(Self.upgrade.replacingOccurrences(of: "/ws/echo/", with: "/ws/reject/"))
        #expect(try await client.response(head: true).status == 101)
        let close = try await client.frame()
        #expect(close.opcode == 0x8 && Array(close.payload.prefix(2)) == [0x0F, 0xA4])  // 4004
        await client.send(LoopbackSocket.maskedFrame(opcode: 0x8, payload: [0x0F, 0xA4]))
        #expect(await client.closedByPeer())
        await server.shutdown()
    }

    @Test func protocolErrorsCloseWithTheirCodes() async throws {
        let server = try TestServer()
        let cases: [([UInt8], [UInt8])] = [
            ([0x81, 0x02] + Array("hi".utf8), [0x03, 0xEA]),  // unmasked → 1002
            (LoopbackSocket.maskedFrame(opcode: 0x1, payload: [0xC3, 0x28]), [0x03, 0xEF]),  // invalid UTF-8 → 1007
            (LoopbackSocket.maskedFrame(opcode: 0x2, payload: [1, 2, 3]), [0x03, 0xEB]),  // binary refused → 1003
        ]
        for (bytes, code) in cases {
            let client = try RawClient(port: server.port)
            await client.send(Self.upgrade)
            _ = try await client.response(head: true)
            await client.send(bytes)
            let close = try await client.frame()
            #expect(close.opcode == 0x8 && Array(close.payload.prefix(2)) == code)
        }
        await server.shutdown()
    }

    @Test func badHandshakesGetHTTPErrors() async throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        await client.send(Self.upgrade.replacingOccurrences(of: "Version: 13", with: "Version: 8"))
        let response = try await client.response()
        #expect(response.status == 426)
        #expect(response.header("sec-websocket-version") == "13")
        await client.send(Self.upgrade.replacingOccurrences(of: "dGhlIHNhbXBsZSBub25jZQ==", with: "c2hvcnQ="))
        #expect(try await client.response().status == 400)
        await server.shutdown()
    }

    @Test func shutdownSendsGoingAway() async throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        await client.send(Self.upgrade)
        _ = try await client.response(head: true)
        async let stopped: Void = server.shutdown()
        let close = try await client.frame()
        #expect(close.opcode == 0x8 && Array(close.payload.prefix(2)) == [0x03, 0xE9])  // 1001
        await client.send(LoopbackSocket.maskedFrame(opcode: 0x8, payload: [0x03, 0xE9]))
        await stopped
    }
}
