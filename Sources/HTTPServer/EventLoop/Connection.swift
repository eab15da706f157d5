import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// The protocol spoken on a connection (HTTP/1.1, then maybe WebSocket).
/// Every method is called on the connection's loop.
public protocol ConnectionProtocolHandler: AnyObject {
    /// Bytes arrived; they are only valid during the call.
    func didRead(_ bytes: UnsafeRawBufferPointer)
    /// The peer closed its sending side.
    func didReadEOF()
    /// The output buffer fell below the low-water mark.
    func didDrainOutput()
    /// The sweep timer fired; `now` is monotonic nanoseconds.
    func checkDeadline(now: UInt64)
    /// The server is shutting down: finish the current exchange, then close.
    func beginShutdown()
    /// The connection is closing; release resources and fail pending work.
    func didClose()
}

/// A non-blocking socket owned by one event loop: reads, buffered writes with
/// backpressure, and an orderly close.
// @unchecked Sendable: every field but `fd`/`loop` is mutable; protected by `loop.queue`; checked by dispatchPrecondition in each entry point.
final class Connection: @unchecked Sendable {
    let fd: Int32
    let loop: EventLoop
    let remoteAddress: String
    var handler: (any ConnectionProtocolHandler)?

    private var readSource: (any DispatchSourceRead)?
    private var writeSource: (any DispatchSourceWrite)?
    private var readSuspended = false
    private var liveSources = 0
    private var outbound: [UInt8] = []
    private var outboundOffset = 0
    private(set) var isClosed = false
    private var closeAfterFlush = false
    private var drainDeadline: UInt64?
    private var drainedBytes = 0

    /// Above this many unsent bytes, producers wait (backpressure).
    static let highWater = 256 * 1024
    static let lowWater = 64 * 1024

    init(fd: Int32, loop: EventLoop, remoteAddress: String) {
        self.fd = fd
        self.loop = loop
        self.remoteAddress = remoteAddress
    }

    /// Starts reading; call once on the loop after setting `handler`.
    func start() {
        dispatchPrecondition(condition: .onQueue(loop.queue))
        loop.register(self)
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: loop.queue)
        source.setEventHandler { [unowned self] in readAvailable() }
        source.setCancelHandler { [self] in sourceCancelled() }
        liveSources += 1
        readSource = source
        source.resume()
    }

    // MARK: Reading

    private func readAvailable() {
        dispatchPrecondition(condition: .onQueue(loop.queue))
        let buffer = loop.readBuffer
        // Bounded reads per wake-up keep one busy peer from starving the loop.
        for _ in 0..<4 where !isClosed && !readSuspended {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n > 0 {
                if drainDeadline != nil {
                    drainedBytes += n
                    if drainedBytes > 1 << 20 { close() }
                    continue
                }
                handler?.didRead(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
                if n < buffer.count { return }
            } else if n == 0 {
                // EOF: the peer will send nothing more.
                if drainDeadline != nil {
                    close()
                    return
                }
                suspendReading()
                handler?.didReadEOF()
                return
            } else {
                if errno == EAGAIN || errno == EINTR { return }
                close()
                return
            }
        }
    }

    /// Stops reading the socket (backpressure); pending input stays in the kernel.
    func suspendReading() {
        dispatchPrecondition(condition: .onQueue(loop.queue))
        guard !readSuspended, !isClosed, let readSource else { return }
        readSuspended = true
        readSource.suspend()
    }

    /// Resumes reading after `suspendReading`.
    func resumeReading() {
        dispatchPrecondition(condition: .onQueue(loop.queue))
        guard readSuspended, !isClosed, let readSource else { return }
        readSuspended = false
        readSource.resume()
    }

    // MARK: Writing

    /// Unsent bytes waiting for the socket.
    var pendingOutput: Int { outbound.count - outboundOffset }

    /// Queues `bytes` and writes as much as the socket takes now.
    func write(_ bytes: [UInt8]) {
        dispatchPrecondition(condition: .onQueue(loop.queue))
        guard !isClosed, !bytes.isEmpty else { return }
        if pendingOutput == 0 {
            let written = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written == bytes.count { return }
            if written < 0 && errno != EAGAIN && errno != EINTR {
                close()
                return
            }
            outbound = Array(bytes[max(0, written)...])
            outboundOffset = 0
        } else {
            outbound += bytes
        }
        armWriteSource()
    }

    private func armWriteSource() {
        guard writeSource == nil else { return }
        let source = DispatchSource.makeWriteSource(fileDescriptor: fd, queue: loop.queue)
        source.setEventHandler { [unowned self] in flush() }
        source.setCancelHandler { [self] in sourceCancelled() }
        liveSources += 1
        writeSource = source
        source.resume()
    }

    private func flush() {
        dispatchPrecondition(condition: .onQueue(loop.queue))
        while pendingOutput > 0 {
            let written = outbound.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return -1 }  // never: pending output means bytes
                return send(fd, base + outboundOffset, pendingOutput, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                if errno == EAGAIN || errno == EINTR { return }
                close()
                return
            }
            outboundOffset += written
        }
        outbound.removeAll(keepingCapacity: outbound.capacity <= 1 << 20)
        outboundOffset = 0
        // Cancel the write source once drained: an armed one would fire constantly.
        writeSource?.cancel()
        writeSource = nil
        if closeAfterFlush {
            finishClosing()
        } else {
            handler?.didDrainOutput()
        }
    }

    // MARK: Closing

    /// Sends what is queued, then closes: half-closes our side and reads (and
    /// drops) what the peer still sends for up to `drainSeconds`, so the peer
    /// sees our last response rather than a reset (RFC 9112 §9.6).
    func closeGracefully(drainSeconds: Double = 2) {
        dispatchPrecondition(condition: .onQueue(loop.queue))
        guard !isClosed, !closeAfterFlush else { return }
        closeAfterFlush = true
        drainDeadline = DispatchTime.now().uptimeNanoseconds + UInt64(drainSeconds * 1e9)
        if pendingOutput == 0 { finishClosing() }
    }

    private func finishClosing() {
        shutdown(fd, Int32(SHUT_WR))
        resumeReading()
    }

    /// Whether a graceful close is under way and its drain time is up.
    func drainExpired(now: UInt64) -> Bool {
        guard let drainDeadline else { return false }
        return now >= drainDeadline
    }

    /// Closes at once; the fd is closed when the last source's cancel handler runs.
    func close() {
        dispatchPrecondition(condition: .onQueue(loop.queue))
        guard !isClosed else { return }
        isClosed = true
        loop.unregister(self)
        let handler = self.handler
        self.handler = nil
        handler?.didClose()
        if readSuspended { readSource?.resume() }  // a suspended source cannot be cancelled cleanly
        readSource?.cancel()
        writeSource?.cancel()
        readSource = nil
        writeSource = nil
        if liveSources == 0 { Glibc.close(fd) }
    }

    private func sourceCancelled() {
        liveSources -= 1
        if liveSources == 0 && isClosed { Glibc.close(fd) }
    }

    // MARK: Loop callbacks

    func checkDeadline(now: UInt64) {
        dispatchPrecondition(condition: .onQueue(loop.queue))
        if drainExpired(now: now) {
            close()
            return
        }
        handler?.checkDeadline(now: now)
    }

    func beginShutdown() {
        dispatchPrecondition(condition: .onQueue(loop.queue))
        handler?.beginShutdown()
    }
}

/// What a protocol handler may do with its connection; valid on the connection's loop,
/// and `execute` from anywhere.
public struct ConnectionHandle: Sendable {
    let connection: Connection

    /// The loop that owns the connection.
    public var loop: EventLoop { connection.loop }
    /// The peer's address.
    public var remoteAddress: String { connection.remoteAddress }
    /// Whether the connection has closed.
    public var isClosed: Bool {
        dispatchPrecondition(condition: .onQueue(connection.loop.queue))
        return connection.isClosed
    }
    /// Unsent output, in bytes.
    public var pendingOutput: Int {
        dispatchPrecondition(condition: .onQueue(connection.loop.queue))
        return connection.pendingOutput
    }
    /// Whether producers should wait before writing more.
    public var isOutputFull: Bool { pendingOutput >= Connection.highWater }

    /// Queues bytes for the peer.
    public func write(_ bytes: [UInt8]) { connection.write(bytes) }
    /// Flushes and closes politely (see `Connection.closeGracefully`).
    public func closeGracefully(drainSeconds: Double = 2) { connection.closeGracefully(drainSeconds: drainSeconds) }
    /// Closes now.
    public func close() { connection.close() }
    /// Stops reading (backpressure).
    public func suspendReading() { connection.suspendReading() }
    /// Resumes reading.
    public func resumeReading() { connection.resumeReading() }
    /// Runs `work` on the connection's loop.
    public func execute(_ work: @escaping @Sendable () -> Void) { connection.loop.execute(work) }
    /// Replaces the protocol handler (after an upgrade).
    public func setHandler(_ handler: any ConnectionProtocolHandler) {
        dispatchPrecondition(condition: .onQueue(connection.loop.queue))
        connection.handler = handler
    }
}
