import Synchronization

/// A request body streamed from the connection to a handler, with backpressure.
///
/// The connection (on its event loop) appends chunks; the handler iterates
/// them from any task. When more than `highWaterBytes` are buffered the
/// connection stops reading the socket until the handler catches up.
public final class RequestBody: AsyncSequence, Sendable {
    public typealias Element = [UInt8]

    /// Body bytes a connection may buffer before it stops reading.
    static let highWaterBytes = 256 * 1024

    private struct State {
        var chunks: [[UInt8]] = []
        var head = 0
        var buffered = 0
        var received = 0
        var maxBytes: Int
        var finished = false
        var failure: (any Error)?
        var waiter: CheckedContinuation<[UInt8]?, any Error>?
        var demanded = false
        var paused = false

        /// Removes the oldest chunk. Taken chunks leave the array at once: a
        /// consumer that never quite catches up must not keep every byte alive.
        mutating func takeChunk() -> [UInt8]? {
            guard head < chunks.count else { return nil }
            let chunk = chunks[head]
            chunks[head] = []
            head += 1
            buffered -= chunk.count
            if head == chunks.count {
                chunks.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 64 {
                chunks.removeFirst(head)
                head = 0
            }
            return chunk
        }
    }

    private let state: Mutex<State>
    /// Called (from the consumer's task) on first demand and whenever a paused
    /// producer may resume; the connection hops to its loop.
    private let onDemand: @Sendable () -> Void

    /// A body the connection will fill; `maxBytes` caps it (413 beyond).
    init(maxBytes: Int, onDemand: @escaping @Sendable () -> Void) {
        state = Mutex(State(maxBytes: maxBytes))
        self.onDemand = onDemand
    }

    /// An already complete body (tests, internal requests).
    public convenience init(bytes: [UInt8]) {
        self.init(maxBytes: Int.max, onDemand: {})
        if !bytes.isEmpty { _ = append(bytes) }
        finish()
    }

    /// An empty, finished body.
    public static func empty() -> RequestBody { RequestBody(bytes: []) }

    // MARK: Consumer

    public struct AsyncIterator: AsyncIteratorProtocol {
        let body: RequestBody
        public mutating func next() async throws -> [UInt8]? { try await body.nextChunk() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(body: self) }

    /// Collects the whole body; throws `HTTPError(.contentTooLarge)` past `limit` bytes.
    public func collect(upTo limit: Int) async throws -> [UInt8] {
        var result: [UInt8] = []
        for try await chunk in self {
            guard result.count + chunk.count <= limit else { throw HTTPError(.contentTooLarge) }
            result += chunk
        }
        return result
    }

    /// Whether the client has sent the whole body (and it fit the limit).
    public var isComplete: Bool { state.withLock { $0.finished && $0.failure == nil } }

    private func nextChunk() async throws -> [UInt8]? {
        enum Step {
            case chunk([UInt8]?)
            case fail(any Error)
            case wait
        }
        let (step, notify): (Step, Bool) = state.withLock { s in
            let firstDemand = !s.demanded
            s.demanded = true
            if let chunk = s.takeChunk() {
                let resume = s.paused && s.buffered < Self.highWaterBytes / 2
                if resume { s.paused = false }
                return (.chunk(chunk), firstDemand || resume)
            }
            if let failure = s.failure { return (.fail(failure), false) }
            if s.finished { return (.chunk(nil), false) }
            let resume = s.paused
            s.paused = false
            return (.wait, firstDemand || resume)
        }
        if notify { onDemand() }
        switch step {
        case .chunk(let chunk): return chunk
        case .fail(let error): throw error
        case .wait:
            return try await withCheckedThrowingContinuation { continuation in
                let ready: Result<[UInt8]?, any Error>? = state.withLock { s in
                    if let chunk = s.takeChunk() { return .success(chunk) }
                    if let failure = s.failure { return .failure(failure) }
                    if s.finished { return .success(nil) }
                    s.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        }
    }

    // MARK: Producer (the connection)

    /// Whether a handler has asked for the body (drives `100 Continue`).
    var wasDemanded: Bool { state.withLock { $0.demanded } }

    /// Adds received bytes. Returns false when the producer should stop reading:
    /// the buffer is full (resumed through `onDemand`) or the limit was crossed.
    func append(_ bytes: [UInt8]) -> AppendResult {
        let (waiter, result): (CheckedContinuation<[UInt8]?, any Error>?, AppendResult) = state.withLock { s in
            s.received += bytes.count
            if s.received > s.maxBytes {
                s.failure = HTTPError(.contentTooLarge)
                let waiter = s.waiter
                s.waiter = nil
                return (waiter, .tooLarge)
            }
            if let waiter = s.waiter {
                s.waiter = nil
                return (waiter, .more)
            }
            s.chunks.append(bytes)
            s.buffered += bytes.count
            if s.buffered >= Self.highWaterBytes {
                s.paused = true
                return (nil, .pause)
            }
            return (nil, .more)
        }
        switch result {
        case .tooLarge: waiter?.resume(throwing: HTTPError(.contentTooLarge))
        default: waiter?.resume(returning: bytes)
        }
        return result
    }

    /// What the producer should do after `append`.
    enum AppendResult { case more, pause, tooLarge }

    /// Marks the body complete.
    func finish() {
        let waiter = state.withLock { s -> CheckedContinuation<[UInt8]?, any Error>? in
            s.finished = true
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume(returning: nil)
    }

    /// Fails the body (peer gone, timeout); pending and later reads throw `error`.
    func fail(_ error: any Error) {
        let waiter = state.withLock { s -> CheckedContinuation<[UInt8]?, any Error>? in
            guard !s.finished, s.failure == nil else { return nil }
            s.failure = error
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume(throwing: error)
    }

    /// Body bytes received so far.
    var receivedCount: Int { state.withLock { $0.received } }

    /// Sets the most bytes the body may have (the route's limit).
    public func setMaxBytes(_ limit: Int) { state.withLock { $0.maxBytes = limit } }

    /// Chunks the body still references, consumed or not (bounded; for tests).
    var retainedChunkCount: Int { state.withLock { $0.chunks.filter { !$0.isEmpty }.count } }

    /// Whether the producer is paused waiting for the consumer.
    var isPaused: Bool { state.withLock { $0.paused } }
}
