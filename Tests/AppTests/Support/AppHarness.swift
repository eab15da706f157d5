import Database
import Foundation
import Logging
import TestSupport

@testable import App
@testable import HTTPServer

/// An App with a temporary MEDIA_ROOT and Public/, driven in-process through its router.
struct AppHarness {
    let app: Application
    let mediaRoot: URL

    /// The repository's Migrations/ folder.
    static let migrations = Repository.migrations

    init(_ environment: [String: String] = [:]) async throws {
        let (config, mediaRoot) = try Self.configuration(environment)
        self.mediaRoot = mediaRoot
        app = try await Application.boot(config: config, logger: Logger(label: "test"))
    }

    /// An App over an already open, migrated database (a store test's driver).
    init(_ environment: [String: String] = [:], database: any SQLDatabase) throws {
        let (config, mediaRoot) = try Self.configuration(environment)
        self.mediaRoot = mediaRoot
        app = try Application(config: config, database: database, logger: Logger(label: "test"))
    }

    private static func configuration(_ environment: [String: String]) throws -> (AppConfig, URL) {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("app-\(UUID().uuidString)")
        let mediaRoot = base.appendingPathComponent("media")
        let publicDir = base.appendingPathComponent("public")
        try FileManager.default.createDirectory(at: publicDir, withIntermediateDirectories: true)
        try Data("<!doctype html><title>t</title>".utf8).write(to: publicDir.appendingPathComponent("index.html"))
        var env = ["MEDIA_ROOT": mediaRoot.path, "PUBLIC_DIR": publicDir.path, "DATABASE_URL": "sqlite::memory:", "PORT": "1"]
        env.merge(environment) { $1 }
        return (try AppConfig(environment: env), mediaRoot)
    }

    /// Sends one request through the router and returns the response.
    func request(
        _ method: HTTPMethod = .get, _ target: String, headers: [(String, String)] = [("host", "localhost")], body: [UInt8] = []
    ) async -> Response {
        let request = Self.makeRequest(method, target, headers: headers, body: body)
        switch app.router.respond(to: request) {
        case .ready(let response): return response
        case .pending(let work): return await work()
        }
    }
}

extension AppHarness {
    /// A request as the connection would build it, from 127.0.0.1.
    static func makeRequest(
        _ method: HTTPMethod = .get, _ target: String, headers: [(String, String)] = [("host", "localhost")], body: [UInt8] = []
    ) -> Request {
        let path = String(target.prefix { $0 != "?" })
        let query = target.contains("?") ? String(target.drop { $0 != "?" }.dropFirst()) : ""
        let fields = HTTPHeaders(headers.map { (name: $0.0, value: $0.1) })
        let head = HTTPRequestHead(
            method: method, target: target, path: path, query: query, version: .http1_1, headers: fields,
            host: fields["host"], framing: body.isEmpty ? .none : .contentLength(body.count), keepAlive: true,
            expectsContinue: false)
        return Request(head: head, body: RequestBody(bytes: body), remoteAddress: "127.0.0.1", id: "test-id", startNanoseconds: 0)
    }
}

extension Response {
    /// The in-memory body as text.
    var text: String {
        if case .bytes(let bytes) = body { return String(decoding: bytes, as: UTF8.self) }
        return ""
    }

    /// The body decoded as a JSON object.
    var json: [String: Any] {
        guard case .bytes(let bytes) = body,
            let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        else { return [:] }
        return object
    }
}
