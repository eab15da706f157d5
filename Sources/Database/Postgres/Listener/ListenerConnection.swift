internal import CLibPQ
internal import Dispatch
internal import Logging
internal import Synchronization

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// The listener's libpq connection and the read source on its socket, confined to one serial queue.
///
/// The queue is Dispatch's, never an event loop's or the concurrency pool's, because
/// `PQconnectdbParams` (DNS included, which even `PQconnectStart` does synchronously)
/// and `LISTEN` block. Reading is not blocking: the source fires when the socket is
/// readable, and `PQconsumeInput` takes only what has arrived.
///
/// Source lifecycle (DESIGN.md): the source is resumed as soon as it is made and
/// never suspended, so cancelling it is always legal. It watches a duplicate of
/// libpq's socket, because libpq closes its own descriptor as soon as it reads EOF
/// (inside `PQconsumeInput`), before we can cancel: had the source watched that
/// number, another connection could be handed it while Dispatch still had it
/// registered, and that connection's source would never fire. The duplicate is
/// closed, and the connection finished, only in the source's cancel handler. A new
/// connection is made only after that, so at most one source ever exists.
// @unchecked Sendable: phase, listening, backoff and the flags; protected by `queue`; checked by dispatchPrecondition in every method that touches them.
final class ListenerConnection: @unchecked Sendable {
    private enum Phase {
        /// No connection: not started, or waiting for the next attempt.
        case idle
        /// Connected and listening; the source watches the socket.
        case connected(OpaquePointer, any DispatchSourceRead, watched: Int32)
        /// The source was cancelled; its cancel handler will finish the connection and close `watched`.
        case closing(OpaquePointer, watched: Int32)
    }

    let queue = DispatchQueue(label: "postgres.listener")
    private let keywords: [(String, String)]
    private let target: String
    private let subscribers: ListenerSubscribers
    private let logger: Logger
    private let connectedFlag = Atomic<Bool>(false)

    private var phase = Phase.idle
    /// Channels LISTENed on the current connection.
    private var listening: Set<String> = []
    private var backoff: ReconnectBackoff
    private var started = false
    private var hasConnected = false
    private var retryScheduled = false
    private var failedAttempts = 0
    private var closed = false
    private var closeWaiters: [CheckedContinuation<Void, Never>] = []

    /// - Parameters:
    ///   - keywords: libpq connection keywords.
    ///   - target: the server, password hidden, for logs.
    ///   - subscribers: who gets notifications and `.reconnected`.
    ///   - backoff: the reconnection schedule.
    ///   - logger: connection events.
    init(
        keywords: [(String, String)], target: String, subscribers: ListenerSubscribers, backoff: ReconnectBackoff,
        logger: Logger
    ) {
        self.keywords = keywords
        self.target = target
        self.subscribers = subscribers
        self.backoff = backoff
        self.logger = logger
    }

    /// Whether the connection is up and listening; readable from any thread.
    var isConnected: Bool { connectedFlag.load(ordering: .acquiring) }

    /// Makes the first connection attempt (later ones follow by themselves).
    /// - Returns: whether it connected.
    func start() async -> Bool {
        await withCheckedContinuation { continuation in
            queue.async {
                if !self.started {
                    self.started = true
                    self.connect()
                }
                continuation.resume(returning: self.isConnected)
            }
        }
    }

    /// LISTENs on `channel` now if connected; otherwise the next connection will.
    func listen(_ channel: String) async {
        await withCheckedContinuation { continuation in
            queue.async {
                self.ensureListening(channel)
                continuation.resume()
            }
        }
    }

    /// Stops for good and returns once the connection is finished.
    func close() async {
        await withCheckedContinuation { continuation in
            queue.async { self.shutDown(waiter: continuation) }
        }
    }

    /// Stops for good without waiting (the owner is going away).
    func closeWithoutWaiting() {
        queue.async { self.shutDown(waiter: nil) }
    }

    // MARK: - On the queue

    private func connect() {
        dispatchPrecondition(condition: .onQueue(queue))
        retryScheduled = false
        guard !closed, case .idle = phase else { return }
        let opened = withCStringArrays(keywords.map(\.0), keywords.map(\.1)) { keys, values in
            PQconnectdbParams(keys, values, 0)
        }
        guard let handle = opened, PQstatus(handle) == CONNECTION_OK else {
            let reason = opened.map { PostgresConnection.trimmed(PQerrorMessage($0)) } ?? "libpq could not allocate a connection"
            PQfinish(opened)
            attemptFailed(reason)
            return
        }
        // Notices would otherwise go to stderr.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        listening = []
        for channel in subscribers.channels {
            guard issueListen(channel, on: handle) else {
                let reason = PostgresConnection.trimmed(PQerrorMessage(handle))
                PQfinish(handle)  // no source watches it yet
                attemptFailed(reason)
                return
            }
        }
        let watched = dup(PQsocket(handle))
        guard watched >= 0 else {
            PQfinish(handle)
            attemptFailed("cannot duplicate the connection's socket (errno \(errno))")
            return
        }
        let source = DispatchSource.makeReadSource(fileDescriptor: watched, queue: queue)
        source.setEventHandler { self.readable() }
        source.setCancelHandler { self.sourceCancelled() }
        phase = .connected(handle, source, watched: watched)
        source.resume()
        connectedFlag.store(true, ordering: .releasing)
        backoff.reset()
        let attempts = failedAttempts
        failedAttempts = 0
        if hasConnected {
            logger.info(
                "Postgres listener reconnected",
                metadata: [
                    "url": "\(target)", "failed_attempts": "\(attempts)", "channels": "\(listening.sorted())",
                ])
            // Listening again before saying so: whatever a consumer re-reads now, later changes are notified.
            subscribers.deliverToAll(.reconnected)
        } else {
            logger.debug("Postgres listener connected", metadata: ["url": "\(target)"])
        }
        hasConnected = true
        // LISTEN's round trips may have brought notifications with them.
        drainNotifications(handle)
    }

    private func attemptFailed(_ reason: String) {
        failedAttempts += 1
        // One warning per outage; the retries that follow are routine.
        let level: Logger.Level = failedAttempts == 1 ? .warning : .debug
        logger.log(
            level: level, "Postgres listener cannot connect; retrying",
            metadata: [
                "url": "\(target)", "error": "\(reason)", "attempt": "\(failedAttempts)",
            ])
        scheduleRetry()
    }

    private func scheduleRetry() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !closed, !retryScheduled else { return }
        retryScheduled = true
        // Jitter, so replicas that lost the same server do not reconnect in step.
        let delay = backoff.nextDelay() * Double.random(in: 0.8...1.0)
        queue.asyncAfter(deadline: .now() + .nanoseconds(Int(delay.nanoseconds))) { self.connect() }
    }

    private func ensureListening(_ channel: String) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard case .connected(let handle, _, _) = phase, !listening.contains(channel) else { return }
        if issueListen(channel, on: handle) {
            drainNotifications(handle)
        } else {
            lose(PostgresConnection.trimmed(PQerrorMessage(handle)))
        }
    }

    /// Sends `LISTEN "channel"` (the name quoted by libpq, so any text is one identifier) and waits for it.
    private func issueListen(_ channel: String, on handle: OpaquePointer) -> Bool {
        guard let quoted = PQescapeIdentifier(handle, channel, channel.utf8.count) else { return false }
        let statement = "LISTEN " + String(cString: quoted)
        PQfreemem(quoted)
        let result = PQexec(handle, statement)
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK else { return false }
        listening.insert(channel)
        return true
    }

    /// The socket is readable: take what arrived, hand out its notifications, notice a lost connection.
    ///
    /// `PQconsumeInput` reads once; it meets EOF only on a later read. When the server's
    /// goodbye (a FATAL message) and its EOF arrive together, one readiness event covers
    /// both, and Dispatch may not report the socket again: so reading goes on while the
    /// socket still polls readable, until it is drained or the connection is found lost.
    private func readable() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard case .connected(let handle, _, let watched) = phase else { return }
        for _ in 0..<Self.readsPerEvent {
            let consumed = PQconsumeInput(handle) == 1
            // Notifications that arrived before a failure were sent; deliver them first.
            drainNotifications(handle)
            if !consumed || PQstatus(handle) != CONNECTION_OK {
                lose(PostgresConnection.trimmed(PQerrorMessage(handle)))
                return
            }
            guard Self.isReadable(watched) else { return }
        }
        // Still more: let other work on the queue run, then carry on.
        queue.async { self.readable() }
    }

    /// Reads per readiness event before yielding the queue.
    private static let readsPerEvent = 64

    private static func isReadable(_ descriptor: Int32) -> Bool {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&poller, 1, 0) > 0
    }

    private func drainNotifications(_ handle: OpaquePointer) {
        while let notify = PQnotifies(handle) {
            let channel = String(cString: notify.pointee.relname)
            let payload = String(cString: notify.pointee.extra)
            PQfreemem(notify)
            subscribers.deliver(.notification(payload: payload), on: channel)
        }
    }

    /// Stops watching the socket; the cancel handler finishes the connection and schedules the next one.
    private func lose(_ reason: String) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard case .connected(let handle, let source, let watched) = phase else { return }
        phase = .closing(handle, watched: watched)
        listening = []
        connectedFlag.store(false, ordering: .releasing)
        if !closed {
            logger.warning(
                "Postgres listener lost its connection; reconnecting",
                metadata: [
                    "url": "\(target)", "error": "\(reason)",
                ])
        }
        source.cancel()
    }

    private func sourceCancelled() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard case .closing(let handle, let watched) = phase else { return }
        // Dispatch no longer watches the duplicate; libpq's own descriptor may already be closed.
        closeDescriptor(watched)
        PQfinish(handle)
        phase = .idle
        if closed {
            let waiters = closeWaiters
            closeWaiters = []
            for waiter in waiters { waiter.resume() }
        } else {
            scheduleRetry()
        }
    }

    private func shutDown(waiter: CheckedContinuation<Void, Never>?) {
        dispatchPrecondition(condition: .onQueue(queue))
        closed = true
        subscribers.close()
        switch phase {
        case .idle:
            waiter?.resume()
        case .connected:
            if let waiter { closeWaiters.append(waiter) }
            lose("closed")
        case .closing:
            if let waiter { closeWaiters.append(waiter) }
        }
    }
}

/// `close(2)`, out of reach of `ListenerConnection.close()`'s name.
private func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}
