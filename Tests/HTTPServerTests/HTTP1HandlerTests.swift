import Foundation
import Testing

@testable import HTTPServer

/// The HTTP/1.1 connection over real sockets.
@Suite struct HTTP1HandlerTests {
    @Test func keepAliveServesSeveralRequestsOnOneConnection() async throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        for _ in 0..<3 {
            await client.send("GET /hello/ HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let response = try await client.response()
            #expect(response.status == 200)
            #expect(response.text == #"{"hello":"world"}"#)
            #expect(response.header("connection") == nil)
        }
        await server.shutdown()
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        await client.send("GET /slow/ HTTP/1.1\r\nHost: a\r\n\r\nGET /items/7/ HTTP/1.1\r\nHost: a\r\n\r\nGET /items/8/ HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(try await client.response().text == #"{"slow":true}"#)
        #expect(try await client.response().text == #"{"id":"7"}"#)
        #expect(try await client.response().text == #"{"id":"8"}"#)
        await server.shutdown()
    }

    @Test func chunkedRequestBodyIsDecoded() async throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        await client.send("POST /echo/ HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
        let response = try await client.response()
        #expect(response.status == 200)
        #expect(response.text == "hello world")
        await server.shutdown()
    }

    @Test func expectContinueGetsAnInterimResponseWhenTheBodyIsRead() async throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        await client.send("POST /echo/ HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        let interim = try await client.response()
        #expect(interim.status == 100)
        await client.send("ping")
        let response = try await client.response()
        #expect(response.status == 200)
        #expect(response.text == "ping")
        await server.shutdown()
    }

    @Test func http10GetsItsConnectionClosed() async throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        await client.send("GET /hello/ HTTP/1.0\r\n\r\n")
        let response = try await client.response()
        #expect(response.status == 200)
        #expect(response.header("connection") == "close")
        #expect(await client.closedByPeer())
        await server.shutdown()
    }

    @Test func headResponsesHaveNoBody() async throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        await client.send("HEAD /hello/ HTTP/1.1\r\nHost: a\r\n\r\nGET /hello/ HTTP/1.1\r\nHost: a\r\n\r\n")
        let head = try await client.response(head: true)
        #expect(head.status == 200)
        #expect(head.header("content-length") == "17")
        #expect(try await client.response().text == #"{"hello":"world"}"#)
        await server.shutdown()
    }

    @Test func streamedResponsesAreChunked() async throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        await client.send("GET /stream/ HTTP/1.1\r\nHost: a\r\n\r\n")
        let response = try await client.response()
        #expect(response.header("transfer-encoding") == "chunked")
        #expect(response.text == "part 0\npart 1\npart 2\n")
        await server.shutdown()
    }

    @Test func largeStreamedResponseSurvivesBackpressure() async throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port, timeout: 10)
        await client.send("GET /big/ HTTP/1.1\r\nHost: a\r\n\r\n")
        let response = try await client.response()
        #expect(response.body.count == 4 << 20)
        await server.shutdown()
    }

    @Test func largeUploadStreamsThroughTheBody() async throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port, timeout: 10)
        let size = 5 << 20
        await client.send("POST /count/ HTTP/1.1\r\nHost: a\r\nContent-Length: \(size)\r\n\r\n")
        await client.send([UInt8](repeating: 7, count: size))
        #expect(try await client.response().text == #"{"bytes":\#(size)}"#)
        await server.shutdown()
    }

    @Test func bodyOverTheRouteLimitGets413BeforeItIsRead() async throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        await client.send("POST /echo/ HTTP/1.1\r\nHost: a\r\nContent-Length: 999999999\r\n\r\n")
        await client.send([UInt8](repeating: 1, count: 100_000))  // the client keeps sending; it must still see the 413
        let response = try await client.response()
        #expect(response.status == 413)
        #expect(response.header("connection") == "close")
        #expect(await client.closedByPeer())
        await server.shutdown()
    }

    @Test func chunkedBodyCrossingTheLimitGets413() async throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        await client.send("POST /echo/ HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n")
        let chunk = [UInt8](repeating: 0x62, count: 40 * 1024)
        await client.send(Array("A000\r\n".utf8) + chunk + Array("\r\n".utf8))
        await client.send(Array("A000\r\n".utf8) + chunk + Array("\r\n".utf8))
        let response = try await client.response()
        #expect(response.status == 413)
        #expect(await client.closedByPeer())
        await server.shutdown()
    }

    @Test func unreadSmallBodyIsSkippedAndTheConnectionKept() async throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        await client.send("POST /ignore/ HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhelloGET /hello/ HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(try await client.response().text == #"{"ignored":true}"#)
        #expect(try await client.response().text == #"{"hello":"world"}"#)
        await server.shutdown()
    }

    @Test func malformedRequestsGet400AndAClose() async throws {
        let server = try TestServer()
        let cases: [(String, Int)] = [
            ("POST /echo/ HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc", 400),
            ("POST /echo/ HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabc", 400),
            ("GET / HTTP/1.1\r\nHost: a\r\nX: y\r\n z\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\n\r\n", 400),
            ("GET /\(String(repeating: "a", count: 9000)) HTTP/1.1\r\nHost: a\r\n\r\n", 414),
            ("GET / HTTP/1.1\r\nHost: a\r\nX: \(String(repeating: "a", count: 17_000))\r\n\r\n", 431),
            ("GET / HTTP/1.1\r\nHost: a\r\n" + (0..<101).map { "X\($0): v\r\n" }.joined() + "\r\n", 431),
            ("GET / HTTP/3.0\r\nHost: a\r\n\r\n", 505),
        ]
        for (request, status) in cases {
            let client = try RawClient(port: server.port)
            await client.send(request)
            let response = try await client.response()
            #expect(response.status == status, "\(request.prefix(60))")
            #expect(response.header("connection") == "close")
            #expect(await client.closedByPeer())
        }
        await server.shutdown()
    }

    @Test func unknownRoutesAndMethods() async throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        await client.send("GET /nope/ HTTP/1.1\r\nHost: a\r\n\r\n")
        let notFound = try await client.response()
        #expect(notFound.status == 404)
        #expect(notFound.header("content-type") == "application/json")
        await client.send("DELETE /hello/ HTTP/1.1\r\nHost: a\r\n\r\n")
        let wrongMethod = try await client.response()
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.header("allow") == "GET, HEAD")
        // A trailing slash is significant; redirecting to it is the application's policy.
        await client.send("GET /hello?x=1 HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(try await client.response().status == 404)
        await client.send("POST /hello HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n")
        #expect(try await client.response().status == 404)
        await client.send("GET /fail/ HTTP/1.1\r\nHost: a\r\n\r\n")
        let failure = try await client.response()
        #expect(failure.status == 500)
        #expect(!failure.text.contains("fileNoSuchFile"))
        await server.shutdown()
    }

    @Test func headerTimeoutCutsOffSlowloris() async throws {
        let server = try TestServer(timeouts: .init(header: 0.2, idle: 5, bodyInactivity: 5))
        let client = try RawClient(port: server.port)
        await client.send("GET / HTTP/1.1\r\nHost: a\r\n")
        let response = try await client.response()
        #expect(response.status == 408)
        #expect(await client.closedByPeer())
        await server.shutdown()
    }

    @Test func idleConnectionsAreClosed() async throws {
        let server = try TestServer(timeouts: .init(header: 5, idle: 0.2, bodyInactivity: 5))
        let client = try RawClient(port: server.port)
        await client.send("GET /hello/ HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(try await client.response().status == 200)
        #expect(await client.closedByPeer())
        await server.shutdown()
    }

    @Test func stalledBodyTimesOut() async throws {
        let server = try TestServer(timeouts: .init(header: 5, idle: 5, bodyInactivity: 0.2))
        let client = try RawClient(port: server.port)
        await client.send("POST /echo/ HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc")
        let response = try await client.response()
        #expect(response.status == 408)
        #expect(await client.closedByPeer())
        await server.shutdown()
    }

    @Test func shutdownLetsInFlightRequestsFinish() async throws {
        let server = try TestServer()
        let busy = try RawClient(port: server.port)
        let idle = try RawClient(port: server.port)
        await idle.send("GET /hello/ HTTP/1.1\r\nHost: a\r\n\r\n")
        _ = try await idle.response()
        let gate = UUID().uuidString
        await busy.send("GET /gate/?id=\(gate) HTTP/1.1\r\nHost: a\r\n\r\n")
        await TestServer.gates.arrival(gate)
        // A grace far beyond the test's needs: a loaded run must not turn the wait into a forced close.
        async let stopped: Void = server.server.shutdown(grace: .seconds(30))
        // The idle connection closing shows the shutdown has reached the loop; only then does the busy one answer.
        #expect(await idle.closedByPeer())
        TestServer.gates.open(gate)
        let response = try await busy.response()
        #expect(response.status == 200)
        #expect(response.header("connection") == "close")
        await stopped
        #expect(throws: RawClient.ClientError.self) { try RawClient(port: server.port) }
    }
}
