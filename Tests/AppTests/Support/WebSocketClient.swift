import Foundation
import Chat
#if canImport(Glibc)
import Glibc
#endif

/// A minimal RFC 6455 client over a blocking socket, for live chat socket tests.
/// Every blocking call runs on a private Dispatch queue, never on the Swift concurrency pool the
/// server's handlers need (that pool has as many threads as cores).
// @unchecked Sendable: `buffer` is mutable; protected by use from one test task at a time; checked by each test owning its client.
final class WebSocketClient: @unchecked Sendable {
    enum ClientError: Error, Equatable {
        case connectFailed, closed, timeout, handshake(Int)
        /// The server sent a close frame with this code while a message was expected.
        case closedWith(UInt16)
    }

    /// A frame as received: opcode, FIN and payload.
    struct Frame {
        var opcode: UInt8
        var fin: Bool
        var payload: [UInt8]
    }

    private let fd: Int32
    private var buffer: [UInt8] = []
    /// One serial queue per client: serial queues get overcommitting threads, so many clients blocked in
    /// `recv` at once never wait for each other (a concurrent queue's threads are capped at the core count).
    private let io: DispatchQueue

    private init(fd: Int32, io: DispatchQueue) {
        self.fd = fd
        self.io = io
    }
    deinit { close(fd) }

    /// Connects to 127.0.0.1:`port` and upgrades `target` (path and query).
    /// - Throws: `.handshake(status)` when the answer is not 101.
    static func connect(port: Int, target: String, timeout: Double = 5) async throws -> WebSocketClient {
        let io = DispatchQueue(label: "websocket-test-client")
        return try await onQueue(io) {
            let client = WebSocketClient(fd: try openSocket(port: port, timeout: timeout), io: io)
            try client.handshake(target: target)
            return client
        }
    }

    private static func onQueue<T: Sendable>(_ io: DispatchQueue, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            io.async { continuation.resume(with: Result { try work() }) }
        }
    }

    private static func openSocket(port: Int, timeout: Double) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            throw ClientError.connectFailed
        }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    private func handshake(target: String) throws {
        let request = "GET \(target) HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        write(Array(request.utf8))
        while true {
            if let end = find([13, 10, 13, 10]) {
                let head = String(decoding: buffer[0..<end], as: UTF8.self)
                buffer.removeFirst(end + 4)
                let status = head.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0
                guard status == 101 else { throw ClientError.handshake(status) }
                return
            }
            try fill()
        }
    }

    /// Sends a text message as one masked frame.
    func send(text: String) async { await send(frame: 0x1, Array(text.utf8)) }

    /// Sends a JSON object as text.
    func send(json: JSONValue) async { await send(text: json.jsonText) }

    /// Sends one masked frame.
    func send(frame opcode: UInt8, _ payload: [UInt8], fin: Bool = true) async {
        let bytes = Self.maskedFrame(opcode: opcode, payload: payload, fin: fin)
        await withCheckedContinuation { continuation in
            io.async {
                self.write(bytes)
                continuation.resume()
            }
        }
    }

    /// The next text message as JSON, answering pings on the way.
    /// - Throws: `.closedWith(code)` when the server closes instead.
    func message() async throws -> JSONValue {
        while true {
            let frame = try await frame()
            switch frame.opcode {
            case 0x1: return try JSONValue(parsing: Data(frame.payload))
            case 0x8: throw ClientError.closedWith(Self.code(of: frame))
            case 0x9: await send(frame: 0xA, frame.payload)
            default: continue
            }
        }
    }

    /// Reads until the server's close frame, answers it, and returns its code (skipping messages).
    func closeCode() async throws -> UInt16 {
        while true {
            let frame = try await frame()
            if frame.opcode == 0x8 {
                await send(frame: 0x8, Array(frame.payload.prefix(2)))
                return Self.code(of: frame)
            }
        }
    }

    /// The next frame, whatever it is.
    func frame() async throws -> Frame {
        try await Self.onQueue(io) { try self.readFrame() }
    }

    private static func code(of frame: Frame) -> UInt16 {
        frame.payload.count >= 2 ? UInt16(frame.payload[0]) << 8 | UInt16(frame.payload[1]) : 1005
    }

    private func readFrame() throws -> Frame {
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
        let frame = Frame(opcode: buffer[0] & 0x0F, fin: buffer[0] & 0x80 != 0, payload: Array(buffer[offset..<(offset + length)]))
        buffer.removeFirst(offset + length)
        return frame
    }

    /// A client frame: FIN as given, masked with a fixed key (the server must unmask any key).
    static func maskedFrame(opcode: UInt8, payload: [UInt8], fin: Bool = true) -> [UInt8] {
        let key: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        var bytes: [UInt8] = [(fin ? 0x80 : 0) | opcode]
        switch payload.count {
        case ..<126: bytes.append(0x80 | UInt8(payload.count))
        case ..<65536: bytes += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        default: bytes += [0x80 | 127] + (0..<8).reversed().map { UInt8((payload.count >> ($0 * 8)) & 0xFF) }
        }
        bytes += key
        bytes += payload.enumerated().map { $0.element ^ key[$0.offset % 4] }
        return bytes
    }

    private func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            offset += n
        }
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = recv(fd, &chunk, chunk.count, 0)
        if n == 0 { throw ClientError.closed }
        if n < 0 { throw errno == EAGAIN ? ClientError.timeout : ClientError.closed }
        buffer += chunk[0..<n]
    }

    private func find(_ pattern: [UInt8]) -> Int? {
        guard buffer.count >= pattern.count else { return nil }
        for i in 0...(buffer.count - pattern.count) where buffer[i] == pattern[0] {
            if Array(buffer[i..<(i + pattern.count)]) == pattern { return i }
        }
        return nil
    }
}
