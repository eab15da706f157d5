import Dispatch
import Synchronization

/// Speaks RFC 6455 on an upgraded connection: decodes frames, assembles
/// messages, runs the close handshake and pings through the pure state
/// machine, and carries out its actions. Confined to the connection's loop.
// @unchecked Sendable: all state is mutable; protected by the connection's loop queue (WebSocket hops there); checked by dispatchPrecondition in the entry points.
final class WebSocketChannelHandler: ConnectionProtocolHandler, @unchecked Sendable {
    private let handle: ConnectionHandle
    private let socket: WebSocket
    private var decoder: WebSocketFrameDecoder
    private var assembler: WebSocketMessageAssembler
    private var machine: WebSocketConnectionStateMachine
    private let encoder = WebSocketFrameEncoder()
    private var timers: [WebSocketConnectionStateMachine.Timer: UInt64] = [:]
    private var drainWaiters: [CheckedContinuation<Void, any Error>] = []
    private var finished = false
    /// Text frames written during the current turn of the loop, sent together when it ends: a
    /// chat answer's events then cost one system call instead of one each.
    private var pendingFrames: [UInt8] = []

    init(handle: ConnectionHandle, socket: WebSocket, configuration: WebSocketConfiguration) {
        self.handle = handle
        self.socket = socket
        decoder = WebSocketFrameDecoder(maxFrameSize: max(125, configuration.maxMessageSize))
        assembler = WebSocketMessageAssembler(configuration: .init(maxMessageSize: configuration.maxMessageSize))
        machine = WebSocketConnectionStateMachine(configuration: configuration.stateMachine)
    }

    func start() {
        dispatchPrecondition(condition: .onQueue(handle.loop.queue))
        perform(machine.start())
    }

    // MARK: Inbound

    func didRead(_ bytes: UnsafeRawBufferPointer) {
        dispatchPrecondition(condition: .onQueue(handle.loop.queue))
        decoder.append(bytes)
        do {
            while machine.state != .closed, let frame = try decoder.nextFrame() {
                guard let message = try assembler.receive(frame) else { continue }
                if case .text(let text) = message, machine.isOpen { socket.continuation.yield(text) }
                perform(machine.received(message))
            }
        } catch {
            perform(machine.failed(error))
        }
    }

    func didReadEOF() {
        dispatchPrecondition(condition: .onQueue(handle.loop.queue))
        perform(machine.connectionClosed())
        handle.close()
    }

    // MARK: Outbound

    /// Writes one text message as a single frame.
    /// - Throws: `ConnectionClosedError` when the socket is closing or closed.
    func writeText(_ payload: [UInt8]) throws {
        dispatchPrecondition(condition: .onQueue(handle.loop.queue))
        guard machine.isOpen, !handle.isClosed else { throw ConnectionClosedError() }
        if pendingFrames.isEmpty {
            pendingFrames.reserveCapacity(max(1024, payload.count + 10))
            handle.execute { [self] in flushFrames() }
        }
        encoder.encodeHeader(opcode: .text, payloadLength: payload.count, into: &pendingFrames)
        pendingFrames += payload
    }

    /// Writes one text message for a producer on another thread: `completion` resumes at once, or
    /// once the output has drained when it is full, or throws when the socket is closed.
    func sendText(_ payload: [UInt8], completion: CheckedContinuation<Void, any Error>) {
        do {
            try writeText(payload)
        } catch {
            completion.resume(throwing: error)
            return
        }
        if isOutputFull { waitForDrain(completion) } else { completion.resume() }
    }

    /// Sends the text frames written since the last flush.
    private func flushFrames() {
        dispatchPrecondition(condition: .onQueue(handle.loop.queue))
        guard !pendingFrames.isEmpty else { return }
        handle.write(pendingFrames)
        pendingFrames.removeAll(keepingCapacity: pendingFrames.capacity <= 64 * 1024)
        // Sent whole, the connection reports no drain: producers waiting for one go on now.
        if !handle.isOutputFull { resumeDrainWaiters() }
    }

    /// Whether a producer should wait (`waitForDrain`) before writing more.
    var isOutputFull: Bool {
        dispatchPrecondition(condition: .onQueue(handle.loop.queue))
        return handle.pendingOutput + pendingFrames.count >= Connection.highWater
    }

    /// Resumes `waiter` once the output has drained, or fails it when the socket closes first.
    func waitForDrain(_ waiter: CheckedContinuation<Void, any Error>) {
        dispatchPrecondition(condition: .onQueue(handle.loop.queue))
        if finished { waiter.resume(throwing: ConnectionClosedError()) } else { drainWaiters.append(waiter) }
    }

    func close(code: WebSocketCloseCode, reason: String) {
        dispatchPrecondition(condition: .onQueue(handle.loop.queue))
        guard machine.isOpen else { return }
        perform(machine.close(code: code, reason: reason))
    }

    func didDrainOutput() {
        dispatchPrecondition(condition: .onQueue(handle.loop.queue))
        guard pendingFrames.isEmpty else { return }  // the flush to come resumes them
        resumeDrainWaiters()
    }

    private func resumeDrainWaiters() {
        let waiters = drainWaiters
        drainWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    // MARK: State machine actions and timers

    private func perform(_ actions: [WebSocketConnectionStateMachine.Action]) {
        for action in actions {
            switch action {
            case .sendFrame(let frame):
                flushFrames()  // after the text written before it
                handle.write(encoder.encode(frame))
            case .closeTCP:
                flushFrames()
                finish()
                handle.closeGracefully(drainSeconds: 1)
            case .scheduleTimer(let timer, let after):
                let (seconds, attoseconds) = after.components
                let nanos = UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000)
                timers[timer] = DispatchTime.now().uptimeNanoseconds + nanos
            case .cancelTimer(let timer):
                timers[timer] = nil
            }
        }
    }

    func checkDeadline(now: UInt64) {
        dispatchPrecondition(condition: .onQueue(handle.loop.queue))
        for (timer, deadline) in timers where now >= deadline {
            timers[timer] = nil
            perform(machine.timerFired(timer))
        }
    }

    func beginShutdown() {
        dispatchPrecondition(condition: .onQueue(handle.loop.queue))
        close(code: .goingAway, reason: "server shutting down")
    }

    func didClose() {
        dispatchPrecondition(condition: .onQueue(handle.loop.queue))
        perform(machine.connectionClosed())
        finish()
    }

    /// Ends the inbound stream and fails waiting senders, once.
    private func finish() {
        guard !finished else { return }
        finished = true
        socket.continuation.finish()
        socket.channel.withLock { $0 = nil }
        let waiters = drainWaiters
        drainWaiters.removeAll()
        for waiter in waiters { waiter.resume(throwing: ConnectionClosedError()) }
    }
}
