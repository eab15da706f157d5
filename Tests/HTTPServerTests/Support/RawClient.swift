import Foundation
import TestSupport

/// An HTTP/1.1 and WebSocket test client that controls every byte on the wire.
/// Its blocking reads and writes run on a serial queue of its own, so tests
/// never block the Swift concurrency pool the server's handlers need.
final class RawClient: Sendable {
    typealias ClientError = LoopbackSocket.Failure

    private let socket: LoopbackSocket
    /// A serial queue per client gets a thread of its own, whereas concurrent
    /// queues share the small default pool (one thread per core) with the
    /// Swift concurrency runtime.
    private let io = DispatchQueue(label: "raw-client")

    /// Connects to 127.0.0.1:`port`; reads time out after `timeout` seconds.
    init(port: Int, timeout: Double = 5) throws {
        socket = try LoopbackSocket(port: port, timeout: timeout)
    }

    private func onQueue<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            io.async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Sends `text` off the concurrency pool (a large send blocks until the server reads).
    func send(_ text: String) async { await send(Array(text.utf8)) }

    /// Sends `bytes` off the concurrency pool.
    func send(_ bytes: [UInt8]) async {
        _ = try? await onQueue { [socket] in socket.write(bytes) }  // write never throws
    }

    /// Half-closes our sending side.
    func shutdownWrite() { socket.shutdownWrite() }

    /// Reads one response; `head` true for responses to HEAD (no body).
    func response(head: Bool = false) async throws -> TestResponse {
        try await onQueue { [socket] in try Self.readResponse(socket, head: head) }
    }

    /// Whether the server closes the connection within the read timeout.
    func closedByPeer() async -> Bool {
        (try? await onQueue { [socket] in socket.isClosedByPeer() }) ?? false
    }

    /// Reads one server WebSocket frame.
    func frame() async throws -> (opcode: UInt8, payload: [UInt8]) {
        let frame = try await onQueue { [socket] in try socket.readFrame() }
        return (frame.opcode, frame.payload)
    }

    private static func readResponse(_ socket: LoopbackSocket, head: Bool) throws -> TestResponse {
        let text = String(decoding: try socket.read(until: [13, 10, 13, 10]), as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { throw ClientError.malformed(statusLine) }
        var headers: [(String, String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var response = TestResponse(status: status, headers: headers, body: [])
        if head || status == 204 || status == 304 || status < 200 { return response }
        if response.header("transfer-encoding") == "chunked" {
            response.body = try readChunked(socket)
        } else if let length = response.header("content-length").flatMap(Int.init) {
            response.body = try socket.read(count: length)
        } else {
            response.body = socket.readToEnd()
        }
        return response
    }

    private static func readChunked(_ socket: LoopbackSocket) throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let line = String(decoding: try socket.read(until: [13, 10]), as: UTF8.self)
            guard let size = Int(line, radix: 16) else { throw ClientError.malformed("chunk size \(line)") }
            body += try socket.read(count: size)
            _ = try socket.read(count: 2)
            if size == 0 { return body }
        }
    }
}

/// A response as the raw client read it.
struct TestResponse {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]
    func header(_ name: String) -> String? { headers.first { $0.0 == name }?.1 }
    var text: String { String(decoding: body, as: UTF8.self) }
}
