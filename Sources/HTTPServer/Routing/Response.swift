/// A response: status, headers and a body that is either in memory or produced over time.
public struct Response: Sendable {
    /// The status line.
    public var status: HTTPStatus
    /// Header fields; framing headers (Content-Length, Transfer-Encoding) are set by the writer.
    public var headers: HTTPHeaders
    /// The body.
    public var body: ResponseBody
    /// Close the connection after this response (adds `Connection: close`).
    public var closeConnection: Bool
    /// Hand the connection to another protocol after a 101 response.
    public var upgrade: (any ConnectionUpgrade)?
    /// The route pattern that answered (`/api/tracks/:id/`), `static` for the fallback, nil when
    /// no route did: a bounded label for metrics, unlike the raw path.
    public var route: String?

    /// A response with `body` (default empty).
    public init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), body: ResponseBody = .empty, closeConnection: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.closeConnection = closeConnection
        self.upgrade = nil
        self.route = nil
    }
}

/// Where a response body comes from.
public enum ResponseBody: Sendable {
    /// Bytes already in memory.
    case bytes([UInt8])
    /// Bytes written over time through a writer with backpressure. `length` sets
    /// Content-Length; without it the body is sent chunked. The producer runs as a task that
    /// prefers the connection's loop, so blocking reads go to their own executor.
    case stream(length: Int?, producer: @Sendable (ResponseBodyWriter) async throws -> Void)

    /// No body.
    public static let empty = ResponseBody.bytes([])
}

/// Accepts chunks of a streamed response body; `write` waits while the
/// connection's output buffer is full, so a slow reader pauses its producer.
public struct ResponseBodyWriter: Sendable {
    let sink: @Sendable ([UInt8]) async throws -> Void

    /// Sends `bytes`; suspends until the connection can take more.
    /// - Throws: `ConnectionClosedError` when the peer has gone.
    public func write(_ bytes: [UInt8]) async throws {
        guard !bytes.isEmpty else { return }
        try await sink(bytes)
    }
}

/// The peer closed the connection while a body was being produced or consumed.
public struct ConnectionClosedError: Error, Sendable {}

/// Takes over a connection after a `101 Switching Protocols` response.
public protocol ConnectionUpgrade: Sendable {
    /// Returns the protocol handler that owns the connection from now on.
    /// Called on the connection's event loop.
    func makeHandler(for connection: ConnectionHandle) -> any ConnectionProtocolHandler
}
