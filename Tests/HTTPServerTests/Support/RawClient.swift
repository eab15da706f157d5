import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP client for tests that must control every byte on the wire.
/// Its reads run on a Dispatch thread (`response`, `closedByPeer`) so tests
/// never block the Swift concurrency pool the server's handlers need.
// @unchecked Sendable: `buffer` is mutable; protected by use from one test at a time; checked by each test owning its client.
final class RawClient: @unchecked Sendable {
    let fd: Int32
    private var buffer: [UInt8] = []

    /// Connects to 127.0.0.1:`port`; reads time out after `timeout` seconds.
    init(port: Int, timeout: Double = 5) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            throw ClientError.connectFailed
        }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// Blocking reads and writes run here: a serial queue per client gets a
    /// thread of its own, whereas concurrent queues share the small default
    /// pool (one thread per core) with the Swift concurrency runtime.
    private let readers = DispatchQueue(label: "raw-client")

    enum ClientError: Error { case connectFailed, closed, timeout, malformed(String) }

    /// Sends `text` off the concurrency pool (a large send blocks until the server reads).
    func send(_ text: String) async { await send(Array(text.utf8)) }

    /// Sends `bytes` off the concurrency pool.
    func send(_ bytes: [UInt8]) async {
        await withCheckedContinuation { continuation in
            self.readers.async {
                self.sendBlocking(bytes)
                continuation.resume()
            }
        }
    }

    private func sendBlocking(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Half-closes our sending side.
    func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = recv(fd, &chunk, chunk.count, 0)
        if n == 0 { throw ClientError.closed }
        if n < 0 { throw errno == EAGAIN ? ClientError.timeout : ClientError.closed }
        buffer += chunk[0..<n]
    }

    /// Whether the server closed the connection (EOF or reset) within the read timeout.
    func isClosedByPeer() -> Bool {
        do {
            while true { try fill() }
        } catch ClientError.closed {
            return true
        } catch {
            return false
        }
    }

    /// Reads one response off the concurrency pool.
    func response(head: Bool = false) async throws -> TestResponse {
        try await withCheckedThrowingContinuation { continuation in
            self.readers.async { continuation.resume(with: Result { try self.readResponse(head: head) }) }
        }
    }

    /// Whether the server closes the connection within the read timeout, off the concurrency pool.
    func closedByPeer() async -> Bool {
        await withCheckedContinuation { continuation in
            self.readers.async { continuation.resume(returning: self.isClosedByPeer()) }
        }
    }

    /// Reads one server WebSocket frame (unmasked) off the concurrency pool.
    func frame() async throws -> (opcode: UInt8, payload: [UInt8]) {
        try await withCheckedThrowingContinuation { continuation in
            self.readers.async { continuation.resume(with: Result { try self.readFrame() }) }
        }
    }

    private func readFrame() throws -> (opcode: UInt8, payload: [UInt8]) {
        while buffer.count < 2 { try fill() }
        var length = Int(buffer[1] & 0x7F)
        var offset = 2
        if length == 126 {
            while buffer.count < 4 { try fill() }
            length = Int(buffer[2]) << 8 | Int(buffer[3])
            offset = 4
        } else if length == 127 {
            while buffer.count < 10 { try fill() }
            length = buffer[2..<10].reduce(0) { $0 << 8 | Int($1) }
            offset = 10
        }
        while buffer.count < offset + length { try fill() }
        let frame = (buffer[0] & 0x0F, Array(buffer[offset..<(offset + length)]))
        buffer.removeFirst(offset + length)
        return frame
    }

    /// Reads one response; `head` true for responses to HEAD (no body).
    func readResponse(head: Bool = false) throws -> TestResponse {
        while true {
            if let end = find([13, 10, 13, 10]) {
                let text = String(decoding: buffer[0..<end], as: UTF8.self)
                buffer.removeFirst(end + 4)
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
                    response.body = try readChunked()
                } else if let length = response.header("content-length").flatMap(Int.init) {
                    while buffer.count < length { try fill() }
                    response.body = Array(buffer[0..<length])
                    buffer.removeFirst(length)
                } else {
                    while (try? fill()) != nil {}
                    response.body = buffer
                    buffer = []
                }
                return response
            }
            try fill()
        }
    }

    private func readChunked() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            while find([13, 10]) == nil { try fill() }
            guard let end = find([13, 10]), let size = Int(String(decoding: buffer[0..<end], as: UTF8.self), radix: 16) else {
                throw ClientError.malformed("chunk size")
            }
            buffer.removeFirst(end + 2)
            while buffer.count < size + 2 { try fill() }
            body += buffer[0..<size]
            buffer.removeFirst(size + 2)
            if size == 0 { return body }
        }
    }

    private func find(_ pattern: [UInt8]) -> Int? {
        guard buffer.count >= pattern.count else { return nil }
        for i in 0...(buffer.count - pattern.count) where buffer[i] == pattern[0] {
            if Array(buffer[i..<(i + pattern.count)]) == pattern { return i }
        }
        return nil
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
