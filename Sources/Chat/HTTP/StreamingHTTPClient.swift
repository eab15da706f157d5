internal import Foundation

#if canImport(FoundationNetworking)
internal import FoundationNetworking
#endif

/// An HTTP response whose body is still arriving.
struct HTTPStreamResponse: Sendable {
    /// The HTTP status code.
    let status: Int
    /// The body, chunk by chunk as the network delivers it; finishes with `ChatError` on failure.
    let body: AsyncThrowingStream<Data, any Error>
}

/// Sends requests through one URLSession and streams their bodies back.
///
/// Created only when a provider is configured: a URLSession costs about 10 MB of resident memory.
/// Every request gets a deadline (`timeout`) covering connection, headers and the whole body.
final class StreamingHTTPClient: Sendable {
    private let urlSession: URLSession
    private let delegate: StreamingDataDelegate
    private let provider: String
    private let timeout: Duration

    /// Makes a client.
    /// - Parameters:
    ///   - provider: the provider name used in errors.
    ///   - timeout: the deadline of one request, from sending to the end of the body.
    init(provider: String, timeout: Duration) {
        self.provider = provider
        self.timeout = timeout
        let delegate = StreamingDataDelegate(provider: provider)
        let configuration = URLSessionConfiguration.ephemeral
        // Our own deadline fires first and reports a clear timeout; URLSession's are only a backstop.
        let backstop = Double(timeout.components.seconds) + 30
        configuration.timeoutIntervalForRequest = backstop
        configuration.timeoutIntervalForResource = backstop
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        self.delegate = delegate
        self.urlSession = URLSession(configuration: configuration, delegate: delegate, delegateQueue: queue)
    }

    deinit {
        urlSession.invalidateAndCancel()
    }

    /// Sends a request and returns once the response head has arrived.
    /// - Parameter request: the request; its body is sent whole.
    /// - Returns: the status and the streaming body.
    /// - Throws: `ChatError` (`.transport`, `.timeout`) when no response head arrives; `CancellationError`.
    func send(_ request: URLRequest) async throws -> HTTPStreamResponse {
        // A task cancelled before it was registered would never hear its completion.
        try Task.checkCancellation()
        let (body, continuation) = AsyncThrowingStream.makeStream(of: Data.self)
        let task = urlSession.dataTask(with: request)
        let taskID = task.taskIdentifier
        continuation.onTermination = { _ in task.cancel() }
        let watchdog = Task { [delegate, timeout] in
            do {
                try await Task.sleep(for: timeout)
            } catch {
                return  // Cancelled: the request finished before its deadline.
            }
            delegate.markTimedOut(taskID)
            task.cancel()
        }
        let status = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { head in
                delegate.register(taskID, .init(head: head, body: continuation, watchdog: watchdog))
                task.resume()
            }
        } onCancel: {
            task.cancel()
        }
        return HTTPStreamResponse(status: status, body: body)
    }
}
