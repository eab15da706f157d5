import Foundation
import Logging
import Testing

@testable import HTTPServer

/// Every exchange leaves one access-log line, including those that end badly, and a client's
/// malformed body is a client error, never an error-level line.
@Suite(.timeLimit(.minutes(1))) struct HTTP1HandlerAccessLogTests {
    @Test func uploadCutShortIsLoggedAsAborted() async throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        await client.send("POST /count/ HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n" + String(repeating: "x", count: 1000))
        client.shutdownWrite()
        let record = try #require(await server.nextRecord(for: "/count/"))
        #expect(record.status == 499 && record.aborted && record.method == "POST")
        await server.shutdown()
    }

    @Test func clientGoneBeforeTheAnswerIsLoggedAsAborted() async throws {
        let server = try TestServer()
        do {
            let client = try RawClient(port: server.port)
            await client.send("POST /echo/ HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
            _ = client  // dropped here: the socket closes with the request unfinished
        }
        let record = try #require(await server.nextRecord(for: "/echo/"))
        #expect(record.status == 499 && record.aborted)
        await server.shutdown()
    }

    @Test func malformedChunkIsAnsweredAndLoggedAs400() async throws {
        let server = try TestServer()
        let client = try RawClient(port: server.port)
        await client.send("POST /count/ HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n")
        let response = try await client.response()
        #expect(response.status == 400)
        #expect(response.text.contains("Invalid chunk size"))
        let record = try #require(await server.nextRecord(for: "/count/"))
        #expect(record.status == 400 && !record.aborted)
        await server.shutdown()
    }

    @Test func stalledBodyIsLoggedAs408() async throws {
        let server = try TestServer(timeouts: Server.Timeouts(bodyInactivity: 0.2))
        let client = try RawClient(port: server.port)
        await client.send("POST /count/ HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc")
        #expect(try await client.response().status == 408)
        let record = try #require(await server.nextRecord(for: "/count/"))
        #expect(record.status == 408 && record.aborted)
        await server.shutdown()
    }

    /// A handler that meets the body's parse error (the connection has answered 400 already) is
    /// not "unhandled": the router answers with the parse error's own status and logs nothing.
    @Test func bodyParseErrorsAreNotUnhandledErrors() async throws {
        let records = RecordingLogHandler.Records()
        let router = Router(
            routes: [
                Route(.post, "/count/", handler: .async { _, _ in throw HTTPParseError.invalidChunkSize })
            ], logger: RecordingLogHandler.logger(into: records))
        let head = HTTPRequestHead(
            method: .post, target: "/count/", path: "/count/", query: "", version: .http1_1,
            headers: HTTPHeaders([(name: "host", value: "a")]), host: "a", framing: .chunked, keepAlive: true,
            expectsContinue: false)
        let request = Request(head: head, body: .empty(), remoteAddress: "127.0.0.1", id: "r", startNanoseconds: 0)
        guard case .pending(let work) = router.respond(to: request) else {
            Issue.record("an async route answers later")
            return
        }
        let response = await work()
        #expect(response.status == .badRequest)
        #expect(records.messages(atLeast: .warning).isEmpty)
    }
}
