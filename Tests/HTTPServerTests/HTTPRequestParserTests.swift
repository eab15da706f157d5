import TestSupport
import Testing

@testable import HTTPServer

@Suite struct HTTPRequestParserTests {
    let verifier = RequestParserHarness.verifier()

    private func head(
        _ method: HTTPMethod = .get, _ target: String = "/", path: String? = nil, query: String = "",
        version: HTTPVersion = .http1_1, headers: [(String, String)] = [("host", "a")], host: String? = "a",
        framing: BodyFraming = .none, keepAlive: Bool = true, expectsContinue: Bool = false
    ) -> HTTPRequestPart {
        .head(
            HTTPRequestHead(
                method: method, target: target, path: path ?? target, query: query, version: version,
                headers: HTTPHeaders(headers.map { (name: $0.0, value: $0.1) }), host: host, framing: framing,
                keepAlive: keepAlive, expectsContinue: expectsContinue))
    }

    @Test func simpleGet() {
        verifier.verify("GET / HTTP/1.1\r\nHost: a\r\n\r\n".bytes, yields: [head(), .end])
    }

    @Test func headerNamesAreLowerCasedAndValuesTrimmed() {
        verifier.verify(
            "GET /x HTTP/1.1\r\nHOST: a\r\nX-Thing: \t value \t\r\n\r\n".bytes,
            yields: [head(.get, "/x", headers: [("host", "a"), ("x-thing", "value")]), .end])
    }

    @Test func contentLengthBody() {
        verifier.verify(
            "POST /u HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello".bytes,
            yields: [
                head(.post, "/u", headers: [("host", "a"), ("content-length", "5")], framing: .contentLength(5)),
                .body("hello".bytes), .end,
            ])
    }

    @Test func chunkedBodyWithExtensionsAndTrailers() {
        let request =
            "POST /u HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\nA\r\n, world!!!\r\n0\r\nX-Trailer: yes\r\n\r\n"
        verifier.verify(
            request.bytes,
            yields: [
                head(.post, "/u", headers: [("host", "a"), ("transfer-encoding", "chunked")], framing: .chunked),
                .body("hello, world!!!".bytes), .end,
            ])
    }

    @Test func chunkedBodyWithoutTrailers() {
        let request = "POST /u HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
        verifier.verify(
            request.bytes,
            yields: [
                head(.post, "/u", headers: [("host", "a"), ("transfer-encoding", "chunked")], framing: .chunked),
                .body("abc".bytes), .end,
            ])
    }

    @Test func pipelinedRequestsComeOutInOrder() {
        let two = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n"
        verifier.verify(two.bytes, yields: [head(.get, "/1"), .end, head(.get, "/2"), .end])
    }

    @Test func http10DefaultsToClose() {
        verifier.verify(
            "GET / HTTP/1.0\r\n\r\n".bytes,
            yields: [
                head(version: .http1_0, headers: [], host: nil, keepAlive: false), .end,
            ])
        verifier.verify(
            "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n".bytes,
            yields: [
                head(version: .http1_0, headers: [("connection", "keep-alive")], host: nil, keepAlive: true), .end,
            ])
    }

    @Test func connectionCloseAndExpectContinue() {
        verifier.verify(
            "POST / HTTP/1.1\r\nHost: a\r\nConnection: close\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx".bytes,
            yields: [
                head(
                    .post, "/", headers: [("host", "a"), ("connection", "close"), ("expect", "100-continue"), ("content-length", "1")],
                    framing: .contentLength(1), keepAlive: false, expectsContinue: true),
                .body("x".bytes), .end,
            ])
    }

    @Test func absoluteFormTargetOverridesHost() {
        verifier.verify(
            "GET http://example.com:8000/a%20b?x=1 HTTP/1.1\r\nHost: other\r\n\r\n".bytes,
            yields: [
                head(
                    .get, "http://example.com:8000/a%20b?x=1", path: "/a b", query: "x=1", headers: [("host", "other")],
                    host: "example.com:8000"),
                .end,
            ])
    }

    @Test func percentDecodingOfThePath() {
        verifier.verify(
            "GET /static/%E2%82%AC.txt?q=%20 HTTP/1.1\r\nHost: a\r\n\r\n".bytes,
            yields: [
                head(.get, "/static/%E2%82%AC.txt?q=%20", path: "/static/€.txt", query: "q=%20"), .end,
            ])
    }

    @Test func leadingEmptyLinesAreIgnored() {
        verifier.verify("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n".bytes, yields: [head(), .end], repeatable: false)
    }

    @Test func identicalRepeatedContentLengthIsAccepted() {
        verifier.verify(
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2, 2\r\n\r\nok".bytes,
            yields: [
                head(.post, "/", headers: [("host", "a"), ("content-length", "2, 2")], framing: .contentLength(2)),
                .body("ok".bytes), .end,
            ])
    }

    // MARK: Rejections

    @Test func testRefusesRequestSmugglingAttempts() {
        let cases: [(String, HTTPParseError)] = [
            ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", .contentLengthWithTransferEncoding),
            ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", .contentLengthWithTransferEncoding),
            ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", .invalidContentLength),
            ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 4\r\n\r\n", .invalidContentLength),
            ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +3\r\n\r\n", .invalidContentLength),
            ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x10\r\n\r\n", .invalidContentLength),
            ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n", .invalidContentLength),
            ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n", .invalidContentLength),
            ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", .chunkedNotFinal),
            ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", .unsupportedTransferEncoding),
            ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", .unsupportedTransferEncoding),
            ("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", .transferEncodingInHTTP10),
            ("GET / HTTP/1.1\r\nHost: a\r\nX: y\r\n folded\r\n\r\n", .obsoleteLineFolding),
            ("GET / HTTP/1.1\r\nHost : a\r\n\r\n", .invalidHeaderName),
            ("GET / HTTP/1.1\r\n: a\r\n\r\n", .invalidHeaderName),
            ("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", .bareCarriageReturnOrLineFeed),
            ("GET / HTTP/1.1\nHost: a\r\n\r\n", .bareCarriageReturnOrLineFeed),
            ("GET / HTTP/1.1\r\nHost: a\n\n", .bareCarriageReturnOrLineFeed),
            ("GET / HTTP/1.1\r\n\r\n", .missingHost),
            ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", .duplicateHost),
            ("GET / HTTP/2.0\r\nHost: a\r\n\r\n", .unsupportedVersion),
            ("GET / HTTP/1.1 \r\nHost: a\r\n\r\n", .invalidRequestLine),
            ("GET  / HTTP/1.1\r\nHost: a\r\n\r\n", .invalidRequestLine),
            ("G(T / HTTP/1.1\r\nHost: a\r\n\r\n", .invalidRequestLine),
            ("GET /%zz HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget),
            ("GET /%00 HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget),
            ("GET * HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget),
            ("GET ftp://x/ HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget),
            ("GET / HTTP/1.1\r\nHost: 127.0.0.1:18081@evil.com\r\n\r\n", .invalidHost),
            ("GET / HTTP/1.1\r\nHost: a b\r\n\r\n", .invalidHost),
            ("GET / HTTP/1.1\r\nHost:\r\n\r\n", .invalidHost),
            ("GET /ws/chat/x/ HTTP/1.1\r\nHost: localhost@evil.com\r\nUpgrade: websocket\r\n\r\n", .invalidHost),
            ("GET http://user@example.com/ HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget),
            ("GET http://a:1:2/ HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget),
        ]
        for (request, error) in cases { verifier.verifyRejects(request.bytes, with: error) }
    }

    @Test func testRejectsBadChunks() {
        let prefix = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        let cases: [(String, HTTPParseError)] = [
            ("zz\r\n", .invalidChunkSize),
            ("-1\r\n", .invalidChunkSize),
            ("\r\n", .invalidChunkSize),
            ("1000000000000000\r\n", .invalidChunkSize),
            ("3\r\nabcX\r\n", .invalidChunkTerminator),
            ("3 x\r\nabc\r\n", .invalidChunkSize),
            ("3\nabc", .bareCarriageReturnOrLineFeed),
            ("3;" + String(repeating: "e", count: 2000) + "\r\n", .chunkLineTooLong),
        ]
        for (body, error) in cases { verifier.verifyRejects((prefix + body).bytes, with: error) }
    }

    @Test func nulAndControlBytesInHeaderValuesAreRejected() {
        for byte in UInt8(0)..<32 where byte != UInt8(ascii: "\t") && byte != UInt8(ascii: "\r") && byte != UInt8(ascii: "\n") {
            let request = "GET / HTTP/1.1\r\nHost: a\r\nX: a".bytes + [byte] + "b\r\n\r\n".bytes
            verifier.verifyRejects(request, with: HTTPParseError.invalidHeaderValue)
        }
        verifier.verifyRejects("GET / HTTP/1.1\r\nHost: a\r\nX: a".bytes + [0x7F] + "\r\n\r\n".bytes, with: HTTPParseError.invalidHeaderValue)
    }

    @Test func everyByteValueInHeaderNames() {
        let token = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        for byte in UInt8.min...UInt8.max where byte != UInt8(ascii: ":") {
            let request = "GET / HTTP/1.1\r\nHost: a\r\nX".bytes + [byte] + ": v\r\n\r\n".bytes
            var harness = RequestParserHarness()
            let accepted = (try? harness.feed(request[...])) != nil
            #expect(accepted == token.contains(byte), "byte \(byte)")
        }
    }

    @Test func requestLineLimitAndLimitPlusOne() {
        let limits = HTTPLimits(maxRequestLineBytes: 64)
        let verifier = RequestParserHarness.verifier(limits: limits)
        let fits = "GET /" + String(repeating: "a", count: 64 - 14) + " HTTP/1.1"
        #expect(fits.utf8.count == 64)
        verifier.verify(
            (fits + "\r\nHost: a\r\n\r\n").bytes,
            yields: [
                head(.get, "/" + String(repeating: "a", count: 50)), .end,
            ])
        let tooLong = "GET /" + String(repeating: "a", count: 51) + " HTTP/1.1"
        verifier.verifyRejects((tooLong + "\r\nHost: a\r\n\r\n").bytes, with: HTTPParseError.requestLineTooLong)
    }

    @Test func headerSectionLimitAndLimitPlusOne() {
        let limits = HTTPLimits(maxHeaderBytes: 100)
        let verifier = RequestParserHarness.verifier(limits: limits)
        // Field lines "Host: a\r\n" (9) + "X: <v>" + CRLF: the section counts up to the last field's CRLF.
        let value = String(repeating: "v", count: 100 - 9 - 5)
        let fits = "GET / HTTP/1.1\r\nHost: a\r\nX: \(value)\r\n\r\n"
        verifier.verify(fits.bytes, yields: [head(headers: [("host", "a"), ("x", value)]), .end])
        let over = "GET / HTTP/1.1\r\nHost: a\r\nX: \(value)vvv\r\n\r\n"
        verifier.verifyRejects(over.bytes, with: HTTPParseError.headersTooLarge)
    }

    @Test func headerCountLimitAndLimitPlusOne() {
        let limits = HTTPLimits(maxHeaderCount: 5)
        let verifier = RequestParserHarness.verifier(limits: limits)
        let four = (1...4).map { "X\($0): v\r\n" }.joined()
        verifier.verify(
            "GET / HTTP/1.1\r\nHost: a\r\n\(four)\r\n".bytes,
            yields: [
                head(headers: [("host", "a")] + (1...4).map { ("x\($0)", "v") }), .end,
            ])
        let five = (1...5).map { "X\($0): v\r\n" }.joined()
        verifier.verifyRejects("GET / HTTP/1.1\r\nHost: a\r\n\(five)\r\n".bytes, with: HTTPParseError.tooManyHeaders)
    }
}
