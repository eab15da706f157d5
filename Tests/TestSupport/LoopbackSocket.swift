#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP connection to a test server on 127.0.0.1 with a receive
/// buffer: the byte-level half of the tests' HTTP and WebSocket clients.
///
/// Every call blocks, so callers run it on a serial Dispatch queue of their
/// own (which gets its own thread), never on the Swift concurrency pool the
/// server under test needs.
// @unchecked Sendable: `buffer` is mutable; protected by use from one client's serial queue at a time; checked by each test owning its connection.
package final class LoopbackSocket: @unchecked Sendable {
    /// Why a read or the connection failed.
    package enum Failure: Error, Equatable {
        case connectFailed, closed, timeout
        case malformed(String)
    }

    /// A WebSocket frame as a server sends it (unmasked).
    package struct Frame: Equatable, Sendable {
        package var opcode: UInt8
        package var fin: Bool
        package var payload: [UInt8]
    }

    private let fd: Int32
    private var buffer: [UInt8] = []

    /// Connects to 127.0.0.1:`port`; reads time out after `timeout` seconds.
    package init(port: Int, timeout: Double) throws(Failure) {
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
            throw .connectFailed
        }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// Sends every byte (stops early only when the peer is gone).
    package func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Half-closes our sending side.
    package func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    private func fill() throws(Failure) {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = recv(fd, &chunk, chunk.count, 0)
        if n == 0 { throw .closed }
        if n < 0 { throw errno == EAGAIN ? .timeout : .closed }
        buffer += chunk[0..<n]
    }

    /// The bytes before the next `delimiter`; the delimiter is consumed too.
    package func read(until delimiter: [UInt8]) throws(Failure) -> [UInt8] {
        var searched = 0
        while true {
            if buffer.count >= delimiter.count {
                for i in searched...(buffer.count - delimiter.count) where buffer[i..<(i + delimiter.count)].elementsEqual(delimiter) {
                    let before = Array(buffer[0..<i])
                    buffer.removeFirst(i + delimiter.count)
                    return before
                }
                searched = buffer.count - delimiter.count + 1
            }
            try fill()
        }
    }

    /// Exactly `count` bytes.
    package func read(count: Int) throws(Failure) -> [UInt8] {
        while buffer.count < count { try fill() }
        defer { buffer.removeFirst(count) }
        return Array(buffer[0..<count])
    }

    /// Everything until the peer closes or the read times out.
    package func readToEnd() -> [UInt8] {
        while (try? fill()) != nil {}
        defer { buffer = [] }
        return buffer
    }

    /// Whether the peer closes the connection (EOF or reset) within the read timeout.
    package func isClosedByPeer() -> Bool {
        do {
            while true { try fill() }
        } catch {
            return error == .closed
        }
    }

    /// The next WebSocket frame the server sends.
    package func readFrame() throws(Failure) -> Frame {
        let head = try read(count: 2)
        var length = Int(head[1] & 0x7F)
        if length == 126 {
            length = try read(count: 2).reduce(0) { $0 << 8 | Int($1) }
        } else if length == 127 {
            length = try read(count: 8).reduce(0) { $0 << 8 | Int($1) }
        }
        return Frame(opcode: head[0] & 0x0F, fin: head[0] & 0x80 != 0, payload: try read(count: length))
    }

    /// A client frame (RFC 6455 §5.2), masked with a fixed key: the server must unmask any key.
    package static func maskedFrame(opcode: UInt8, payload: [UInt8], fin: Bool = true) -> [UInt8] {
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
}
