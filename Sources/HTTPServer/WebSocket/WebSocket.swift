import Dispatch
import Synchronization

/// One open WebSocket as an application sees it: inbound text messages as an
/// async sequence, and `send` / `close` that may be called from any task.
///
/// Outbound text waits while the connection's output buffer is full, so a slow
/// reader pauses its producer instead of growing memory.
public final class WebSocket: Sendable {
    /// Text messages from the peer, in order; finishes when the socket closes.
    public let messages: AsyncStream<String>
    let continuation: AsyncStream<String>.Continuation
    let handle: ConnectionHandle
    /// Set once the channel handler is installed; all calls hop to its loop.
    let channel = Mutex<WebSocketChannelHandler?>(nil)
    /// The request that was upgraded (path, query, headers).
    public let request: Request

    init(handle: ConnectionHandle, request: Request) {
        (messages, continuation) = AsyncStream<String>.makeStream()
        self.handle = handle
        self.request = request
    }

    /// Sends a text message.
    /// - Throws: `ConnectionClosedError` when the socket is closing or closed.
    public func send(text: String) async throws {
        let payload = Array(text.utf8)
        if handle.loop.inEventLoop {
            // A session task that prefers its loop writes at once, and waits only for a full output buffer.
            guard let channel = channel.withLock({ $0 }) else { throw ConnectionClosedError() }
            try channel.writeText(payload)
            guard channel.isOutputFull else { return }
            try await withCheckedThrowingContinuation { channel.waitForDrain($0) }
            return
        }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            handle.execute { [self] in
                guard let channel = channel.withLock({ $0 }) else {
                    continuation.resume(throwing: ConnectionClosedError())
                    return
                }
                channel.sendText(payload, completion: continuation)
            }
        }
    }

    /// Starts the closing handshake with `code`; returns at once. The TCP
    /// connection closes when the peer answers, or after a short timeout.
    public func close(code: WebSocketCloseCode = .normalClosure, reason: String = "") {
        handle.execute { [self] in channel.withLock { $0 }?.close(code: code, reason: reason) }
    }
}

/// Upgrades a request to a WebSocket run by `handler` (RFC 6455 §4.2).
public struct WebSocketUpgrade: ConnectionUpgrade {
    let request: Request
    let configuration: WebSocketConfiguration
    let handler: @Sendable (WebSocket) async -> Void

    public func makeHandler(for connection: ConnectionHandle) -> any ConnectionProtocolHandler {
        let socket = WebSocket(handle: connection, request: request)
        let channel = WebSocketChannelHandler(handle: connection, socket: socket, configuration: configuration)
        socket.channel.withLock { $0 = channel }
        channel.start()
        // Like a route's task: the session starts and resumes on its connection's loop.
        Task(executorPreference: connection.loop) {
            await handler(socket)
            socket.close()
        }
        return channel
    }
}

/// Limits and timers of WebSocket connections.
public struct WebSocketConfiguration: Sendable {
    /// Largest frame and message, in bytes (default 1 MiB; larger → close 1009).
    public var maxMessageSize: Int
    /// Server pings and how long to wait for a close reply.
    public var stateMachine: WebSocketConnectionStateMachine.Configuration

    /// Defaults: 1 MiB messages, a ping every 30 s, 3 s to answer a close.
    public init(maxMessageSize: Int = 1 << 20, stateMachine: WebSocketConnectionStateMachine.Configuration = .init()) {
        self.maxMessageSize = maxMessageSize
        self.stateMachine = stateMachine
    }
}

extension Response {
    /// A `101 Switching Protocols` that hands the connection to `handler`, or
    /// the error response (400, 405, 426) when `request` is not a valid upgrade.
    public static func webSocket(
        _ request: Request, configuration: WebSocketConfiguration = .init(),
        handler: @escaping @Sendable (WebSocket) async -> Void
    ) -> Response {
        let handshake: WebSocketHandshake
        do {
            handshake = try WebSocketHandshake(
                method: request.method.rawValue, versionMajor: request.head.version.major,
                versionMinor: request.head.version.minor, headers: Array(request.headers))
        } catch {
            var response = HTTPError(HTTPStatus(code: error.status), message: error.message).response()
            for (name, value) in error.headers { response.headers.add(name, value) }
            return response
        }
        var response = Response(status: .switchingProtocols, headers: HTTPHeaders(handshake.responseHeaders))
        response.upgrade = WebSocketUpgrade(request: request, configuration: configuration, handler: handler)
        return response
    }
}
