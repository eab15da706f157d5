public import Logging

/// Receives Postgres `NOTIFY`s on a connection of its own, for any number of channels.
///
/// One listener per process is enough: each consumer asks for a channel
/// (`notifications(on:)` or `listen(on:handler:)`) and gets that channel's
/// notifications in the order the server sent them. The connection is made and
/// used off the event loops and the concurrency pool. When it is lost (server
/// restart, network), the listener reconnects with capped exponential backoff,
/// LISTENs on every channel again and then tells every consumer `.reconnected`:
/// notifications sent while it was down are lost, so consumers re-read state.
///
///     let listener = PostgresListener(info: info, logger: logger)
///     let wakeUps = await listener.notifications(on: "analysis_jobs")
///     await listener.start()
///     for await event in wakeUps { … }
///     await listener.close()
///
/// Call `close()` when done: the connection lives until then.
public final class PostgresListener: Sendable {
    /// The longest channel name Postgres keeps (NAMEDATALEN − 1 bytes); LISTEN would cut a longer one.
    public static let maxChannelBytes = 63

    private let connection: ListenerConnection
    private let subscribers = ListenerSubscribers()
    private let configuration: Configuration

    /// Prepares a listener; nothing connects before `start()`.
    /// - Parameters:
    ///   - info: the server, as for `PostgresDatabase`; its query parameters reach libpq unchanged.
    ///   - options: connect timeout and application name (the name gets a `-listener` suffix).
    ///   - configuration: reconnection backoff and stream buffering.
    ///   - logger: connection losses and recoveries (the password never reaches it).
    public init(
        info: PostgresConnectionInfo, options: DatabaseOptions = DatabaseOptions(),
        configuration: Configuration = Configuration(), logger: Logger
    ) {
        var options = options
        options.applicationName += "-listener"
        var keywords = PostgresDatabase.keywords(info: info, options: options)
        // The connection only ever reads: without keepalives a silently dead peer would never be noticed.
        // libpq ignores these on Unix sockets.
        let given = Set(keywords.map(\.0))
        keywords += [("keepalives", "1"), ("keepalives_idle", "30"), ("keepalives_interval", "10"), ("keepalives_count", "3")]
            .filter { !given.contains($0.0) }
        self.configuration = configuration
        connection = ListenerConnection(
            keywords: keywords, target: info.description, subscribers: subscribers,
            backoff: ReconnectBackoff(initial: configuration.initialBackoff, maximum: configuration.maximumBackoff),
            logger: logger)
    }

    deinit {
        connection.closeWithoutWaiting()
    }

    /// Whether the connection is up and listening on every requested channel (for health checks).
    public var isConnected: Bool { connection.isConnected }

    /// Connects and LISTENs on every channel asked for so far. If this first attempt fails,
    /// the listener keeps retrying in the background; consumers then get `.reconnected`.
    /// Calling it again does nothing.
    /// - Returns: whether the first attempt connected.
    @discardableResult
    public func start() async -> Bool {
        await connection.start()
    }

    /// Calls `handler` for each event on `channel`, from the listener's own queue, in order.
    ///
    /// When connected, returns once the LISTEN is in effect, so a `NOTIFY` sent after the
    /// call returns is received. Otherwise the channel is LISTENed at the next connection.
    /// - Parameters:
    ///   - channel: the channel name as `NOTIFY`/`pg_notify` spell it (case-sensitive), 1 to 63
    ///     bytes of UTF-8 without NUL; a programmer error otherwise.
    ///   - handler: must return promptly and never block: every channel's delivery waits for it.
    /// - Returns: the subscription; cancelling it stops the calls. After `close()`, an inert one.
    public func listen(on channel: String, handler: @escaping @Sendable (Event) -> Void) async -> Subscription {
        Self.checkChannel(channel)
        guard let id = subscribers.add(channel, handler: handler, finish: {}) else { return Subscription {} }
        await connection.listen(channel)
        return Subscription { [subscribers] in subscribers.remove(id, from: channel) }
    }

    /// The events on `channel` as a stream that ends when the listener closes.
    ///
    /// Same guarantees as `listen(on:handler:)`. A consumer that falls more than
    /// `Configuration.streamBufferLimit` events behind loses the oldest.
    /// - Parameter channel: 1 to 63 bytes of UTF-8 without NUL, case-sensitive.
    /// - Returns: the stream; iteration ending (or the task being cancelled) unsubscribes.
    public func notifications(on channel: String) async -> AsyncStream<Event> {
        Self.checkChannel(channel)
        let (stream, continuation) = AsyncStream<Event>.makeStream(
            bufferingPolicy: .bufferingNewest(configuration.streamBufferLimit))
        guard let id = subscribers.add(channel, handler: { continuation.yield($0) }, finish: { continuation.finish() }) else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [subscribers] _ in subscribers.remove(id, from: channel) }
        await connection.listen(channel)
        return stream
    }

    /// Stops listening, finishes every stream and closes the connection; returns when it is closed.
    public func close() async {
        await connection.close()
    }

    private static func checkChannel(_ channel: String) {
        precondition(
            !channel.isEmpty && channel.utf8.count <= maxChannelBytes && !channel.utf8.contains(0),
            "a channel name is 1 to \(maxChannelBytes) bytes without NUL")
    }
}
