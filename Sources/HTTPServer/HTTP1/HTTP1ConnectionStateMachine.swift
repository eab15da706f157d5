/// The life of one HTTP/1.1 connection around its requests: keep-alive, the
/// idle, header and body-inactivity timeouts, responses sent before their
/// request's body was read, the peer's EOF and the server's shutdown. Pure:
/// it does no I/O and reads no clock; it returns actions the handler carries
/// out, and learns about time only through `timerFired(_:)`.
///
/// States: `waiting(idle)` → (first byte) `waiting(header)` → (head parsed)
/// `exchange` → (response written, body read) `waiting` again, or `closed`.
/// - One request at a time: pipelined requests stay in the input buffer until
///   the exchange before them is over (RFC 9112 §9.3.2 lets a server do this).
/// - A response may go out before the body was read (413, 404 on an upload):
///   a small unread remainder is read and dropped to keep the connection
///   (`maxDiscardBytes`), a larger one closes it after the response.
/// - The body timer runs only while the client owes bytes: it stops when the
///   handler pauses the body (the handler is slow, not the client).
struct HTTP1ConnectionStateMachine: Sendable {
    /// Timeouts and the unread-body allowance.
    struct Configuration: Sendable, Hashable {
        /// Between requests on a kept-alive connection.
        var idle: Duration
        /// From the first byte of a request until its head is complete (slowloris).
        var header: Duration
        /// Between body bytes while a body is being received.
        var bodyInactivity: Duration
        /// Most unread body bytes read and dropped after an early response, before closing instead.
        var maxDiscardBytes: Int

        /// Creates a configuration; the defaults are the server's documented ones.
        init(
            idle: Duration = .seconds(60), header: Duration = .seconds(10), bodyInactivity: Duration = .seconds(30),
            maxDiscardBytes: Int = 256 * 1024
        ) {
            self.idle = idle
            self.header = header
            self.bodyInactivity = bodyInactivity
            self.maxDiscardBytes = maxDiscardBytes
        }
    }

    /// The one timer the connection keeps for this machine; scheduling replaces it.
    enum Timer: Sendable, Hashable {
        case idle, header, bodyInactivity
    }

    /// Why a request body stream ends in an error for its reader.
    enum BodyFailure: Sendable, Hashable {
        case connectionClosed, timedOut
    }

    /// What the handler must do, in the order returned.
    enum Action: Sendable, Hashable {
        /// Arm the timer to fire after the duration, replacing any armed one.
        case scheduleTimer(Timer, after: Duration)
        /// Disarm the timer.
        case cancelTimer
        /// End the request body's stream with this error (its reader stops waiting).
        case failBody(BodyFailure)
        /// Write the exchange's access-log line now, marked aborted, with this status.
        case logAborted(status: Int)
        /// Forget the current exchange.
        case endExchange
        /// Write a 408 with `Connection: close`, then close once it is written.
        case sendRequestTimeout
        /// Close once what is queued is written (and the peer's input drained).
        case closeAfterWriting
        /// Close now.
        case close
        /// Resume reading and parse what is buffered (the next pipelined request, or body bytes).
        case resumeReading
    }

    /// The current exchange's progress.
    private struct Exchange: Sendable {
        var keepAlive: Bool
        var bodyComplete: Bool
        var bodyOverflowed = false
        var responseStarted = false
        var responseDone = false
    }

    private enum State: Sendable {
        /// Between requests: `idle` with nothing received, `header` once bytes of the next head arrived.
        case waiting(Timer)
        case exchange(Exchange)
        /// The connection belongs to another protocol now (WebSocket).
        case upgraded
        case closed
    }

    private let configuration: Configuration
    private var state: State = .waiting(.idle)
    /// Set by `shutdownRequested()`: no new request starts, the current one ends the connection.
    private(set) var shuttingDown = false
    /// The timer the handler has armed, as this machine asked.
    private(set) var armedTimer: Timer?

    init(configuration: Configuration) {
        self.configuration = configuration
    }

    // MARK: What the handler asks

    /// Whether a request is being answered.
    var hasExchange: Bool {
        if case .exchange = state { return true }
        return false
    }

    /// Whether the current request's body still arrives and is wanted (parsing may go on).
    var isReceivingBody: Bool {
        guard case .exchange(let exchange) = state else { return false }
        return !exchange.bodyComplete && !exchange.bodyOverflowed
    }

    /// Whether the current request's body has been read to its end (or there is none).
    var isBodyComplete: Bool {
        guard case .exchange(let exchange) = state else { return true }
        return exchange.bodyComplete
    }

    /// Whether the response to the current request has begun (its head is written).
    var responseStarted: Bool {
        guard case .exchange(let exchange) = state else { return false }
        return exchange.responseStarted
    }

    /// Whether body bytes arriving now are the unread rest of an answered request, to drop.
    var isDiscardingBody: Bool {
        guard case .exchange(let exchange) = state else { return false }
        return exchange.responseDone
    }

    // MARK: Events

    /// The connection is open: wait for the first request.
    mutating func start() -> [Action] {
        state = .waiting(.idle)
        return [schedule(.idle)]
    }

    /// Bytes arrived from the peer (before they are parsed).
    mutating func bytesReceived() -> [Action] {
        switch state {
        case .waiting(.idle):
            state = .waiting(.header)
            return [schedule(.header)]
        case .exchange(let exchange) where !exchange.bodyComplete:
            return [schedule(.bodyInactivity)]
        default:
            return []
        }
    }

    /// A request head was parsed.
    /// - Parameters:
    ///   - keepAlive: whether the request allows the connection to be reused.
    ///   - hasBody: whether a body follows.
    mutating func headReceived(keepAlive: Bool, hasBody: Bool) -> [Action] {
        state = .exchange(Exchange(keepAlive: keepAlive, bodyComplete: !hasBody))
        return [hasBody ? schedule(.bodyInactivity) : cancel()]
    }

    /// The body's reader has all it can hold for now; reading stops until it asks for more.
    mutating func bodyPaused() -> [Action] {
        [cancel()]
    }

    /// The body's reader asked for more bytes.
    mutating func bodyDemanded() -> [Action] {
        guard case .exchange(let exchange) = state else { return [] }
        return exchange.bodyComplete ? [.resumeReading] : [schedule(.bodyInactivity), .resumeReading]
    }

    /// The body went past the route's limit: the response will refuse it, and the connection closes after.
    mutating func bodyOverflowed() -> [Action] {
        guard case .exchange(var exchange) = state else { return [] }
        exchange.bodyOverflowed = true
        exchange.keepAlive = false
        state = .exchange(exchange)
        return [cancel()]
    }

    /// The body's last byte was parsed.
    /// - Parameter inputEmpty: whether nothing of a next request is buffered.
    mutating func bodyEnded(inputEmpty: Bool) -> [Action] {
        guard case .exchange(var exchange) = state else { return [] }
        exchange.bodyComplete = true
        state = .exchange(exchange)
        return [cancel()] + (exchange.responseDone ? finishExchange(inputEmpty: inputEmpty) : [])
    }

    /// The response's head is about to be written.
    /// - Parameters:
    ///   - closeRequested: the response asks for `Connection: close`.
    ///   - unreadBodyBytes: body bytes the request declared that nobody will read (nil: none, or unknown
    ///     and then treated as too many).
    /// - Returns: whether the response keeps the connection alive, and the actions.
    mutating func responseStarted(closeRequested: Bool, unreadBodyBytes: Int?) -> (keepAlive: Bool, actions: [Action]) {
        guard case .exchange(var exchange) = state else { return (false, []) }
        exchange.responseStarted = true
        var keepAlive = exchange.keepAlive && !closeRequested && !shuttingDown && !exchange.bodyOverflowed
        if let unread = unreadBodyBytes, unread > configuration.maxDiscardBytes { keepAlive = false }
        exchange.keepAlive = keepAlive
        state = .exchange(exchange)
        return (keepAlive, [cancel()])
    }

    /// The response can only end by closing (an HTTP/1.0 stream without a length).
    mutating func responseEndsByClosing() {
        guard case .exchange(var exchange) = state else { return }
        exchange.keepAlive = false
        state = .exchange(exchange)
    }

    /// The response's last byte was queued.
    /// - Parameter inputEmpty: whether nothing of a next request is buffered.
    mutating func responseFinished(inputEmpty: Bool) -> [Action] {
        guard case .exchange(var exchange) = state else { return [] }
        exchange.responseDone = true
        state = .exchange(exchange)
        if !exchange.keepAlive {
            state = .closed
            return [.failBody(.connectionClosed), .endExchange, cancel(), .closeAfterWriting]
        }
        if exchange.bodyComplete { return finishExchange(inputEmpty: inputEmpty) }
        // Answered early: read and drop the small rest of the body, then take the next request.
        return [.failBody(.connectionClosed), schedule(.bodyInactivity), .resumeReading]
    }

    /// The connection was handed to another protocol after a 101.
    mutating func upgraded() -> [Action] {
        state = .upgraded
        return [.endExchange, cancel()]
    }

    /// The peer will send nothing more (read returned 0).
    mutating func peerClosedInput() -> [Action] {
        switch state {
        case .waiting:
            state = .closed
            return [cancel(), .close]
        case .exchange(var exchange):
            if !exchange.bodyComplete {
                state = .closed
                return [.failBody(.connectionClosed), cancel(), .close]
            }
            // A response is still owed for a complete request: send it, then close.
            exchange.keepAlive = false
            state = .exchange(exchange)
            return []
        case .upgraded, .closed:
            return []
        }
    }

    /// The armed timer fired.
    mutating func timerFired(_ timer: Timer) -> [Action] {
        guard armedTimer == timer else { return [] }
        armedTimer = nil
        switch (timer, state) {
        case (.idle, .waiting):
            state = .closed
            return [.close]
        case (.header, .waiting):
            state = .closed
            return [.sendRequestTimeout]
        case (.bodyInactivity, .exchange(let exchange)):
            state = .closed
            guard !exchange.responseStarted else { return [.failBody(.timedOut), .close] }
            return [.failBody(.timedOut), .logAborted(status: 408), .endExchange, .sendRequestTimeout]
        default:
            return []
        }
    }

    /// The server is shutting down: close now when idle, after the current response otherwise.
    mutating func shutdownRequested() -> [Action] {
        shuttingDown = true
        guard case .waiting = state else { return [] }
        state = .closed
        return [cancel(), .close]
    }

    /// The input broke the protocol; the handler answers 400 and closes.
    mutating func parseFailed() -> [Action] {
        state = .closed
        return [.endExchange, cancel()]
    }

    /// The connection is closed (by either side); nothing more will happen.
    mutating func closed() {
        state = .closed
        armedTimer = nil
    }

    // MARK: Private

    private mutating func finishExchange(inputEmpty: Bool) -> [Action] {
        if shuttingDown {
            state = .closed
            return [.endExchange, cancel(), .closeAfterWriting]
        }
        let timer: Timer = inputEmpty ? .idle : .header
        state = .waiting(timer)
        return [.endExchange, schedule(timer), .resumeReading]
    }

    private mutating func schedule(_ timer: Timer) -> Action {
        armedTimer = timer
        let after: Duration =
            switch timer {
            case .idle: configuration.idle
            case .header: configuration.header
            case .bodyInactivity: configuration.bodyInactivity
            }
        return .scheduleTimer(timer, after: after)
    }

    private mutating func cancel() -> Action {
        armedTimer = nil
        return .cancelTimer
    }
}
