import Dispatch
public import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The HTTP/1.1 server: owns the listener and the event loops and their lifecycle.
public final class Server: Sendable {
    /// Where and how to serve.
    public struct Configuration: Sendable {
        /// Address to bind; default all interfaces.
        public var host: String
        /// Port; 0 picks a free one (reported by `start`).
        public var port: Int
        /// Number of event loops; default one per core.
        public var eventLoops: Int
        /// Listen backlog.
        public var backlog: Int32
        /// Parser and body limits.
        public var limits: HTTPLimits
        /// Timeouts, in seconds.
        public var timeouts: Timeouts
        /// Called on the loop after each response (access log). Must be cheap.
        public var onResponse: (@Sendable (AccessRecord) -> Void)?
        /// Called on the loop after a malformed request was answered.
        public var onParseError: (@Sendable (HTTPParseError, String) -> Void)?

        /// A configuration; every argument has the documented default.
        public init(
            host: String = "0.0.0.0", port: Int = 8000, eventLoops: Int = System.coreCount, backlog: Int32 = 1024,
            limits: HTTPLimits = HTTPLimits(), timeouts: Timeouts = Timeouts()
        ) {
            self.host = host
            self.port = port
            self.eventLoops = eventLoops
            self.backlog = backlog
            self.limits = limits
            self.timeouts = timeouts
        }
    }

    /// Connection timeouts, in seconds.
    public struct Timeouts: Sendable {
        /// From the first byte of a request until its head is complete (slowloris): 10 s.
        public var header: Double
        /// Between requests on a kept-alive connection: 60 s.
        public var idle: Double
        /// Between body bytes while a body is being received: 30 s.
        public var bodyInactivity: Double
        /// How long a closing connection reads and drops the peer's input: 2 s.
        public var drainSeconds: Double

        /// Timeouts; each defaults to the documented value.
        public init(header: Double = 10, idle: Double = 60, bodyInactivity: Double = 30, drainSeconds: Double = 2) {
            self.header = header
            self.idle = idle
            self.bodyInactivity = bodyInactivity
            self.drainSeconds = drainSeconds
        }

        /// The sweep period: fine enough for the shortest timeout.
        var sweepInterval: DispatchTimeInterval {
            let shortest = min(header, idle, bodyInactivity, drainSeconds)
            return .milliseconds(max(10, min(1000, Int(shortest * 1000 / 4))))
        }
    }

    private enum State {
        case initial
        case running(Listener)
        case shuttingDown, stopped
    }

    private let configuration: Configuration
    private let responder: any HTTPResponder
    private let group: EventLoopGroup
    private let state = Mutex(State.initial)
    private let logger: Logger

    /// A server answering with `responder`.
    public init(configuration: Configuration, responder: any HTTPResponder, logger: Logger) {
        self.configuration = configuration
        self.responder = responder
        self.logger = logger
        group = EventLoopGroup(count: configuration.eventLoops)
    }

    /// Binds, listens and starts accepting.
    /// - Returns: the bound port.
    /// - Throws: when the address cannot be bound.
    @discardableResult
    public func start() throws -> Int {
        Socket.ignoreSIGPIPE()
        Socket.raiseOpenFileLimit()
        let (fd, port) = try Socket.listen(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
        let listener = Listener(fd: fd, group: group, logger: logger) { [configuration, responder] handle in
            HTTP1Handler(handle: handle, configuration: configuration, responder: responder)
        }
        for loop in group.loops { loop.startSweeping(every: configuration.timeouts.sweepInterval) }
        state.withLock { $0 = .running(listener) }
        listener.start()
        return port
    }

    /// Stops accepting, lets in-flight exchanges finish for up to `grace`, then closes everything.
    public func shutdown(grace: Duration) async {
        let listener: Listener? = state.withLock { s in
            guard case .running(let listener) = s else { return nil }
            s = .shuttingDown
            return listener
        }
        guard let listener else { return }
        listener.stop()
        for loop in group.loops { await loop.submit { loop.beginShutdown() } }
        let deadline = ContinuousClock.now + grace
        while ContinuousClock.now < deadline, openConnections() > 0 {
            try? await Task.sleep(for: .milliseconds(20))  // polling a count; cancellation just ends the wait early
        }
        for loop in group.loops { await loop.submit { loop.closeAll() } }
        state.withLock { $0 = .stopped }
    }

    /// Open connections across all loops. Reads a counter per loop, never waits on a loop,
    /// so it is safe from a route handler or a metrics scrape.
    public func openConnections() -> Int {
        group.loops.reduce(0) { total, loop in total + loop.connectionCount }
    }
}

/// Facts about the machine.
public enum System {
    /// Online processor count.
    public static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
