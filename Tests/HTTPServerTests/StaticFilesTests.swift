import Foundation
import Testing

@testable import HTTPServer

@Suite struct StaticFilesTests {
    /// A temporary site: index.html, a fingerprinted script, a dotfile, a dot-folder,
    /// a symlink out of the root and one to a file inside it.
    static func makeSite() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("site-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("static/js"), withIntermediateDirectories: true)
        try Data(("<!doctype html><title>t</title>" + String(repeating: "<p>hello</p>", count: 100)).utf8)
            .write(to: root.appendingPathComponent("index.html"))
        try Data(String(repeating: "console.log(1);\n", count: 100).utf8).write(to: root.appendingPathComponent("static/js/app.0123abcd.js"))
        try Data("secret".utf8).write(to: root.appendingPathComponent(".env"))
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("outside-\(UUID().uuidString).txt")
        try Data("outside".utf8).write(to: outside)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("escape.txt"), withDestinationURL: outside)
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try Data("secret".utf8).write(to: root.appendingPathComponent(".git/config"))
        try FileManager.default.createSymbolicLink(
            at: root.appendingPathComponent("static/home.html"), withDestinationURL: root.appendingPathComponent("index.html"))
        return root
    }

    @Test func servesFilesWithValidatorsAndCaching() async throws {
        let server = try TestServer(statics: StaticFiles(root: Self.makeSite()))
        let client = try RawClient(port: server.port)
        await client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        let index = try await client.response()
        #expect(index.status == 200)
        #expect(index.header("content-type") == "text/html; charset=utf-8")
        #expect(index.header("cache-control") == "no-cache")
        let etag = try #require(index.header("etag"))
        let modified = try #require(index.header("last-modified"))
        await client.send("GET / HTTP/1.1\r\nHost: a\r\nIf-None-Match: \(etag)\r\n\r\n")
        #expect(try await client.response().status == 304)
        await client.send("GET / HTTP/1.1\r\nHost: a\r\nIf-Modified-Since: \(modified)\r\n\r\n")
        #expect(try await client.response().status == 304)
        await client.send("GET /static/js/app.0123abcd.js HTTP/1.1\r\nHost: a\r\n\r\n")
        let script = try await client.response()
        #expect(script.header("cache-control") == "public, max-age=31536000, immutable")
        #expect(script.header("content-type") == "application/javascript; charset=utf-8")
        await server.shutdown()
    }

    @Test func gzipWhenAccepted() async throws {
        let server = try TestServer(statics: StaticFiles(root: Self.makeSite()))
        let client = try RawClient(port: server.port)
        await client.send("GET / HTTP/1.1\r\nHost: a\r\nAccept-Encoding: br, gzip\r\n\r\n")
        let zipped = try await client.response()
        #expect(zipped.header("content-encoding") == "gzip")
        #expect(zipped.header("vary") == "Accept-Encoding")
        #expect(zipped.body.count < 400)
        #expect(Array(zipped.body.prefix(2)) == [0x1f, 0x8b])
        await client.send("GET / HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip;q=0\r\n\r\n")
        #expect(try await client.response().header("content-encoding") == nil)
        await server.shutdown()
    }

    @Test func singleRanges() async throws {
        let server = try TestServer(statics: StaticFiles(root: Self.makeSite()))
        let client = try RawClient(port: server.port)
        await client.send("GET / HTTP/1.1\r\nHost: a\r\nRange: bytes=0-8\r\n\r\n")
        let part = try await client.response()
        #expect(part.status == 206)
        #expect(part.text == "<!doctype")
        #expect(part.header("content-range")?.hasPrefix("bytes 0-8/") == true)
        await client.send("GET / HTTP/1.1\r\nHost: a\r\nRange: bytes=-5\r\n\r\n")
        #expect(try await client.response().text == "o</p>")
        await client.send("GET / HTTP/1.1\r\nHost: a\r\nRange: bytes=99999-\r\n\r\n")
        let unsatisfiable = try await client.response()
        #expect(unsatisfiable.status == 416)
        #expect(unsatisfiable.header("content-range")?.hasPrefix("bytes */") == true)
        await server.shutdown()
    }

    @Test func traversalDotfilesAndSymlinkEscapesAreNotFound() async throws {
        let server = try TestServer(statics: StaticFiles(root: Self.makeSite()))
        let client = try RawClient(port: server.port)
        for target in [
            "/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/static/..%2f..%2f.env", "/.env", "/%2eenv",
            "/escape.txt", "/static/js/../../.env", "//etc/passwd", "/static\\..\\.env", "/.git/config",
        ] {
            await client.send("GET \(target) HTTP/1.1\r\nHost: a\r\n\r\n")
            let response = try await client.response()
            #expect(response.status == 404, "\(target)")
            #expect(!response.text.contains("secret") && !response.text.contains("outside"))
        }
        await server.shutdown()
    }

    @Test func aLinkToAFileInsideTheRootIsServedUnderItsOwnPath() async throws {
        let statics = try StaticFiles(root: Self.makeSite())
        #expect(statics.count == 3)  // index.html, the script, static/home.html
        let server = try TestServer(statics: statics)
        let client = try RawClient(port: server.port)
        await client.send("GET /static/home.html HTTP/1.1\r\nHost: a\r\n\r\n")
        let linked = try await client.response()
        #expect(linked.status == 200)
        #expect(linked.text.hasPrefix("<!doctype html>"))
        await server.shutdown()
    }

    @Test func aMissingRootIsAnError() {
        #expect(throws: (any Error).self) { try StaticFiles(root: URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)")) }
    }

    @Test func rangeHeaderEvaluation() {
        #expect(ByteRange.evaluate(nil, length: 10) == .whole)
        #expect(ByteRange.evaluate("bytes=2-4", length: 10) == .partial(ByteRange(start: 2, end: 4)))
        #expect(ByteRange.evaluate("bytes=2-", length: 10) == .partial(ByteRange(start: 2, end: 9)))
        #expect(ByteRange.evaluate("bytes=-3", length: 10) == .partial(ByteRange(start: 7, end: 9)))
        #expect(ByteRange.evaluate("bytes=5-100", length: 10) == .partial(ByteRange(start: 5, end: 9)))
        #expect(ByteRange.evaluate("bytes=10-", length: 10) == .unsatisfiable)
        #expect(ByteRange.evaluate("bytes=4-2", length: 10) == .whole)
        #expect(ByteRange.evaluate("bytes=0-1,3-4", length: 10) == .whole)
        #expect(ByteRange.evaluate("items=0-1", length: 10) == .whole)
    }
}
