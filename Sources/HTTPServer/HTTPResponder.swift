/// Turns requests into responses; the server's one seam to the application.
public protocol HTTPResponder: Sendable {
    /// Called on the connection's event loop as soon as a request head is
    /// parsed, before its body is read. Answer at once with `.ready` when no
    /// blocking work is needed; otherwise return `.pending` work, which runs
    /// as a task preferring the connection's loop (see `Route.Handler.async`).
    /// Must not block.
    func respond(to request: Request) -> ResponderResult
}

/// A response now, or work that produces one later.
public enum ResponderResult: Sendable {
    /// The response, computed on the loop.
    case ready(Response)
    /// Work to run as a task; anything blocking in it goes to its own executor.
    case pending(@Sendable () async -> Response)
}

/// What the access log records of each finished exchange.
public struct AccessRecord: Sendable {
    public let method: String
    /// The percent-decoded path, without the query (which may carry secrets).
    public let path: String
    public let status: Int
    /// Body bytes sent.
    public let bytes: Int
    public let durationMilliseconds: Double
    public let requestID: String
    public let remoteAddress: String
    /// True when the exchange ended without a complete response: the client went away or its
    /// body stopped short (status 499, nginx's "client closed request"), or the body timed out (408).
    public var aborted = false
    /// The route pattern that answered (see `Response.route`); nil when none did.
    public var route: String?

    /// A record of one exchange (the server makes these; tests and tools may too).
    public init(
        method: String, path: String, status: Int, bytes: Int, durationMilliseconds: Double, requestID: String,
        remoteAddress: String
    ) {
        self.method = method
        self.path = path
        self.status = status
        self.bytes = bytes
        self.durationMilliseconds = durationMilliseconds
        self.requestID = requestID
        self.remoteAddress = remoteAddress
    }
}
