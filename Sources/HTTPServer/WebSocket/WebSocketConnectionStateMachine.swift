/// The life of one WebSocket connection after the upgrade: close handshake and
/// keep-alive pings (RFC 6455 §5.5, §7). Pure: it does no I/O and reads no
/// clock; it returns actions the connection carries out, and learns about time
/// only through `timerFired(_:)`.
///
/// States: `open` → `closeSent` → `closed`, or `open` → `closed` directly.
/// - We close: a close frame goes out and the peer has `closeTimeout` to answer
///   with its own before TCP is closed anyway. Browsers report 1006 instead of
///   our code when TCP closes before the close handshake completes.
/// - The peer closes: its code is echoed at once and TCP is closed right after
///   the echo (the server closes TCP first, §7.1.1), so there is no waiting
///   state on this side: every whole message we send is atomic, there is never
///   a half-sent message to finish first.
/// - Auto-ping: every `interval` a ping carrying a sequence number goes out.
///   If the pong for it has not come back by the next ping time, the peer is
///   considered dead: a best-effort close frame with 1011 ("ping timeout") is
///   sent and TCP is closed without waiting. Waiting `closeTimeout` for a peer
///   that has just ignored a ping for a whole interval would only hold the
///   connection's resources longer; the close frame still tells a slow but
///   living peer why it was dropped.
public struct WebSocketConnectionStateMachine: Sendable {
    /// Timing of the close handshake and keep-alive.
    public struct Configuration: Sendable, Hashable {
        /// Whether and how often to ping an idle peer.
        public enum AutoPing: Sendable, Hashable {
            /// Never ping.
            case disabled
            /// Ping every `interval`; the pong must arrive before the next ping is due.
            case enabled(interval: Duration)
        }

        /// Keep-alive policy; default every 30 s.
        public var autoPing: AutoPing
        /// How long to wait for the peer's close frame after sending ours; default 3 s.
        public var closeTimeout: Duration

        /// Creates a configuration.
        /// - Parameters:
        ///   - autoPing: keep-alive policy; default `.enabled(interval: .seconds(30))`.
        ///   - closeTimeout: wait for the peer's close after ours, > 0; default 3 s.
        public init(autoPing: AutoPing = .enabled(interval: .seconds(30)), closeTimeout: Duration = .seconds(3)) {
            self.autoPing = autoPing
            self.closeTimeout = closeTimeout
        }
    }

    /// The timers the connection keeps for this machine; scheduling one that is
    /// pending replaces it.
    public enum Timer: Sendable, Hashable {
        /// Time to send the next ping (and check the previous one was answered).
        case ping
        /// The peer did not answer our close in time.
        case closeTimeout
    }

    /// What the connection must do, in the order returned.
    public enum Action: Sendable, Hashable {
        /// Write this frame.
        case sendFrame(WebSocketFrame)
        /// Close the TCP connection once the frames before this action are written.
        case closeTCP
        /// Start (or restart) a timer, then call `timerFired(_:)` when it expires.
        case scheduleTimer(Timer, after: Duration)
        /// Stop a timer; it must not fire afterwards.
        case cancelTimer(Timer)
    }

    /// Where the connection is in its life.
    public enum State: Sendable, Hashable {
        /// Messages flow both ways.
        case open
        /// We sent a close frame and wait for the peer's.
        case closeSent
        /// Nothing more is sent; TCP is closed or being closed.
        case closed
    }

    /// The configuration in force.
    public let configuration: Configuration
    /// The current state.
    public private(set) var state: State = .open
    /// The payload of the ping still waiting for its pong.
    private var unansweredPing: [UInt8]?
    private var pingsSent: UInt64 = 0

    /// Creates a machine for a connection that has just been upgraded.
    /// - Parameter configuration: timing; default `Configuration()`.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Whether the application may still send messages.
    public var isOpen: Bool { state == .open }

    /// Call once, right after the 101 response is written.
    /// - Returns: the first ping timer when auto-ping is enabled.
    public mutating func start() -> [Action] {
        guard state == .open, case .enabled(let interval) = configuration.autoPing else { return [] }
        return [.scheduleTimer(.ping, after: interval)]
    }

    /// Handles a message from the assembler; text and binary need no action here.
    /// - Parameter message: the next message received.
    /// - Returns: a pong for a ping; the close echo or TCP close for a close.
    public mutating func received(_ message: WebSocketMessage) -> [Action] {
        switch message {
        case .text, .binary:
            return []
        case .ping(let payload):
            guard state == .open else { return [] }
            return [.sendFrame(WebSocketFrame(opcode: .pong, payload: payload))]
        case .pong(let payload):
            if payload == unansweredPing { unansweredPing = nil }
            return []
        case .close(let code, _):
            return receivedClose(code: code)
        }
    }

    /// Starts the close handshake from our side.
    /// - Parameters:
    ///   - code: the status to send, e.g. 1000, 4001, 4004.
    ///   - reason: UTF-8 text, cut to fit 123 bytes; default empty.
    /// - Returns: the close frame and the close timeout; nothing unless open.
    public mutating func close(code: WebSocketCloseCode, reason: String = "") -> [Action] {
        guard state == .open else { return [] }
        state = .closeSent
        return [.sendFrame(.close(code: code, reason: reason))] + cancelPing()
            + [.scheduleTimer(.closeTimeout, after: configuration.closeTimeout)]
    }

    /// Handles a decoding or assembly error: closes with the error's code.
    /// - Parameter error: what the decoder or assembler threw.
    /// - Returns: as `close(code:reason:)` while open; after our close, TCP is closed at once.
    public mutating func failed(_ error: WebSocketProtocolError) -> [Action] {
        switch state {
        case .open: return close(code: error.closeCode, reason: error.description)
        case .closeSent:
            state = .closed
            return [.cancelTimer(.closeTimeout), .closeTCP]
        case .closed: return []
        }
    }

    /// Handles an expired timer.
    /// - Parameter timer: the timer that fired.
    /// - Returns: a ping and the next ping timer; or, for a ping timeout or a
    ///   close timeout, the TCP close.
    public mutating func timerFired(_ timer: Timer) -> [Action] {
        switch (timer, state) {
        case (.ping, .open):
            return pingDue()
        case (.closeTimeout, .closeSent):
            state = .closed
            return [.closeTCP]
        default:
            return []
        }
    }

    /// Records that TCP closed under us (peer reset, read EOF, write error).
    /// - Returns: the timers to cancel.
    public mutating func connectionClosed() -> [Action] {
        defer { state = .closed }
        switch state {
        case .open: return cancelPing()
        case .closeSent: return [.cancelTimer(.closeTimeout)]
        case .closed: return []
        }
    }

    // MARK: - Private

    private mutating func receivedClose(code: WebSocketCloseCode?) -> [Action] {
        switch state {
        case .open:
            state = .closed
            // Echo the peer's code (§5.5.1); an empty close is answered with an empty close.
            return [.sendFrame(.close(code: code))] + cancelPing() + [.closeTCP]
        case .closeSent:
            state = .closed
            return [.cancelTimer(.closeTimeout), .closeTCP]
        case .closed:
            return []
        }
    }

    private mutating func pingDue() -> [Action] {
        guard case .enabled(let interval) = configuration.autoPing else { return [] }
        if unansweredPing != nil {
            state = .closed
            return [.sendFrame(.close(code: .internalError, reason: "ping timeout")), .closeTCP]
        }
        pingsSent += 1
        let payload = (0..<8).reversed().map { UInt8((pingsSent >> UInt64($0 * 8)) & 0xFF) }
        unansweredPing = payload
        return [.sendFrame(WebSocketFrame(opcode: .ping, payload: payload)), .scheduleTimer(.ping, after: interval)]
    }

    private func cancelPing() -> [Action] {
        if case .enabled = configuration.autoPing { [.cancelTimer(.ping)] } else { [] }
    }
}
