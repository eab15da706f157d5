import Foundation
import Logging
import Synchronization

@testable import HTTPServer

/// A real server on 127.0.0.1, port 0, with routes that exercise the connection code.
final class TestServer: Sendable {
    let server: Server
    let port: Int
    /// Every access-log record, in the order the connections wrote them.
    let accessLog: AsyncStream<AccessRecord>
    /// What the router logged.
    let logs = RecordingLogHandler.Records()

    init(
        timeouts: Server.Timeouts = Server.Timeouts(), limits: HTTPLimits = HTTPLimits(),
        statics: StaticFiles? = nil, eventLoops: Int = 1
    ) throws {
        var configuration = Server.Configuration(host: "127.0.0.1", port: 0, eventLoops: eventLoops)
        configuration.timeouts = timeouts
        configuration.limits = limits
        let (accessLog, records) = AsyncStream.makeStream(of: AccessRecord.self)
        self.accessLog = accessLog
        configuration.onResponse = { records.yield($0) }
        let fallback: Route.Handler? = statics.map { statics in
            .immediate { request, _ in
                guard let response = statics.response(for: request) else { throw HTTPError(.notFound) }
                return response
            }
        }
        let router = Router(routes: Self.routes, fallback: fallback, logger: RecordingLogHandler.logger(into: logs))
        server = Server(configuration: configuration, responder: router, logger: Logger(label: "test"))
        port = try server.start()
    }

    static let routes: [Route] = [
        Route(.get, "/hello/", handler: .immediate { _, _ in .json(["hello": "world"]) }),
        Route(.get, "/items/:id/", handler: .immediate { _, context in .json(["id": context.parameters["id"] ?? ""]) }),
        Route(
            .post, "/echo/", maxBodyBytes: 64 * 1024,
            handler: .async { request, _ in
                let body = try await request.body.collect(upTo: 64 * 1024)
                return Response(status: .ok, headers: ["Content-Type": "application/octet-stream"], body: .bytes(body))
            }),
        Route(
            .post, "/count/", maxBodyBytes: 8 << 20,
            handler: .async { request, _ in
                var total = 0
                for try await chunk in request.body { total += chunk.count }
                return .json(["bytes": total])
            }),
        Route(.post, "/ignore/", handler: .immediate { _, _ in .json(["ignored": true]) }),
        Route(
            .get, "/slow/",
            handler: .async { request, _ in
                try await Task.sleep(for: .milliseconds(request.query("ms").flatMap(Int.init) ?? 300))
                return .json(["slow": true])
            }),
        Route(
            .get, "/gate/",
            handler: .async { request, _ in
                await TestServer.gates.pass(request.query("id") ?? "")
                return .json(["gate": true])
            }),
        Route(
            .get, "/stream/",
            handler: .async { _, _ in
                Response(
                    status: .ok, headers: ["Content-Type": "text/plain"],
                    body: .stream(length: nil) { writer in
                        for i in 0..<3 { try await writer.write(Array("part \(i)\n".utf8)) }
                    })
            }),
        Route(
            .get, "/big/",
            handler: .async { _, _ in
                Response(
                    status: .ok,
                    body: .stream(length: 4 << 20) { writer in
                        for _ in 0..<64 { try await writer.write([UInt8](repeating: 0x61, count: 64 << 10)) }
                    })
            }),
        Route(.get, "/fail/", handler: .async { _, _ in throw CocoaError(.fileNoSuchFile) }),
        Route(
            .get, "/ws/echo/",
            handler: .immediate { request, _ in
                .webSocket(request) { socket in
                    for await text in socket.messages { try? await socket.send(text: "echo: " + text) }
                }
            }),
        Route(
            .get, "/ws/reject/",
            handler: .immediate { request, _ in
                .webSocket(request) { socket in socket.close(code: WebSocketCloseCode(rawValue: 4004), reason: "Track not found") }
            }),
    ]

    func shutdown() async { await server.shutdown(grace: .seconds(2)) }

    /// Where `/gate/?id=X` requests wait until a test opens X (ordering without sleeping).
    static let gates = Gates()

    /// The next access record for `path`.
    func nextRecord(for path: String) async -> AccessRecord? {
        for await record in accessLog where record.path == path { return record }
        return nil
    }
}

/// Named gates: a request waits at its gate until the test opens it, and the test can wait
/// for the request to arrive there.
final class Gates: Sendable {
    private struct Gate {
        var open = false
        var arrived = false
        var passers: [CheckedContinuation<Void, Never>] = []
        var watchers: [CheckedContinuation<Void, Never>] = []
    }

    private let gates = Mutex<[String: Gate]>([:])

    /// Waits at gate `id` until it is open.
    func pass(_ id: String) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let (go, watchers) = gates.withLock { gates -> (Bool, [CheckedContinuation<Void, Never>]) in
                var gate = gates[id] ?? Gate()
                gate.arrived = true
                let watchers = gate.watchers
                gate.watchers = []
                if !gate.open { gate.passers.append(continuation) }
                gates[id] = gate
                return (gate.open, watchers)
            }
            for watcher in watchers { watcher.resume() }
            if go { continuation.resume() }
        }
    }

    /// Returns once a request has reached gate `id`.
    func arrival(_ id: String) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let arrived = gates.withLock { gates -> Bool in
                var gate = gates[id] ?? Gate()
                if !gate.arrived { gate.watchers.append(continuation) }
                gates[id] = gate
                return gate.arrived
            }
            if arrived { continuation.resume() }
        }
    }

    /// Opens gate `id`, letting every waiting request through.
    func open(_ id: String) {
        let passers = gates.withLock { gates -> [CheckedContinuation<Void, Never>] in
            var gate = gates[id] ?? Gate()
            gate.open = true
            let passers = gate.passers
            gate.passers = []
            gates[id] = gate
            return passers
        }
        for passer in passers { passer.resume() }
    }
}
