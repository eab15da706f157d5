import Chat
import Foundation
import TestSupport

/// A minimal RFC 6455 client over a blocking socket, for live chat socket tests.
/// Every blocking call runs on a private Dispatch queue, never on the Swift concurrency pool the
/// server's handlers need (that pool has as many threads as cores).
final class WebSocketClient: Sendable {
    /// Failures beyond the socket's own (`LoopbackSocket.Failure`).
    enum ClientError: Error, Equatable {
        case handshake(Int)
        /// The server sent a close frame with this code while a message was expected.
        case closedWith(UInt16)
    }

    typealias Frame = LoopbackSocket.Frame

    private let socket: LoopbackSocket
    /// One serial queue per client: serial queues get overcommitting threads, so many clients blocked in
    /// `recv` at once never wait for each other (a concurrent queue's threads are capped at the core count).
    private let io: DispatchQueue

    private init(socket: LoopbackSocket, io: DispatchQueue) {
        self.socket = socket
        self.io = io
    }

    /// Connects to 127.0.0.1:`port` and upgrades `target` (path and query).
    /// - Throws: `.handshake(status)` when the answer is not 101.
    static func connect(port: Int, target: String, timeout: Double = 5) async throws -> WebSocketClient {
        let io = DispatchQueue(label: "websocket-test-client")
        return try await onQueue(io) {
            let client = WebSocketClient(socket: try LoopbackSocket(port: port, timeout: timeout), io: io)
            try client.handshake(target: target)
            return client
        }
    }

    private static func onQueue<T: Sendable>(_ io: DispatchQueue, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            io.async { continuation.resume(with: Result { try work() }) }
        }
    }

    private func handshake(target: String) throws {
        let request =
            "GET \(target) HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        socket.write(Array(request.utf8))
        let head = String(decoding: try socket.read(until: [13, 10, 13, 10]), as: UTF8.self)
        let status = head.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0
        guard status == 101 else { throw ClientError.handshake(status) }
    }

    /// Sends a text message as one masked frame.
    func send(text: String) async { await send(frame: 0x1, Array(text.utf8)) }

    /// Sends a JSON object as text.
    func send(json: JSONValue) async { await send(text: json.jsonText) }

    /// Sends one masked frame.
    func send(frame opcode: UInt8, _ payload: [UInt8], fin: Bool = true) async {
        let bytes = LoopbackSocket.maskedFrame(opcode: opcode, payload: payload, fin: fin)
        await withCheckedContinuation { continuation in
            io.async { [socket] in
                socket.write(bytes)
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
        try await Self.onQueue(io) { [socket] in try socket.readFrame() }
    }

    private static func code(of frame: Frame) -> UInt16 {
        frame.payload.count >= 2 ? UInt16(frame.payload[0]) << 8 | UInt16(frame.payload[1]) : 1005
    }
}
