/// A request as handlers see it: the parsed head, a streamed body and where it came from.
public struct Request: Sendable {
    /// Request line and headers.
    public var head: HTTPRequestHead
    /// The body, streamed; empty when the request has none.
    public var body: RequestBody
    /// The peer's IP address as the socket reports it.
    public var remoteAddress: String
    /// The request id: the client's X-Request-ID when acceptable, else generated.
    public var id: String
    /// Monotonic time the head was parsed, in nanoseconds (for durations).
    public var startNanoseconds: UInt64

    /// Shorthand for `head.method`.
    public var method: HTTPMethod { head.method }
    /// Shorthand for `head.path` (percent-decoded).
    public var path: String { head.path }
    /// Shorthand for `head.headers`.
    public var headers: HTTPHeaders { head.headers }

    /// A request; `id` and `startNanoseconds` are normally set by the connection.
    public init(head: HTTPRequestHead, body: RequestBody, remoteAddress: String, id: String, startNanoseconds: UInt64) {
        self.head = head
        self.body = body
        self.remoteAddress = remoteAddress
        self.id = id
        self.startNanoseconds = startNanoseconds
    }

    /// The decoded query parameters, in order (`+` is a space, as forms send it).
    public var queryItems: [(name: String, value: String)] {
        FormURLEncoded.decode(head.query[...])
    }

    /// The first value of query parameter `name`.
    public func query(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }
}
