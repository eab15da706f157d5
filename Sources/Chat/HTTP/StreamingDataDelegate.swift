internal import Foundation
internal import Synchronization

#if canImport(FoundationNetworking)
internal import FoundationNetworking
#endif

/// Receives URLSession callbacks for streamed requests and hands them to the waiting tasks: the status
/// through a continuation (resumed exactly once: on the response head, or on completion if none came),
/// the body through an `AsyncThrowingStream`.
///
/// `URLSession.bytes(for:)` does not exist in FoundationNetworking on Linux, so streaming needs a delegate.
final class StreamingDataDelegate: NSObject, URLSessionDataDelegate, Sendable {
    /// The state of one request in flight.
    struct Entry: Sendable {
        var head: CheckedContinuation<Int, any Error>?
        let body: AsyncThrowingStream<Data, any Error>.Continuation
        let watchdog: Task<Void, Never>
        var timedOut = false
    }

    private let provider: String
    private let entries = Mutex<[Int: Entry]>([:])

    /// Makes a delegate whose errors name `provider`.
    init(provider: String) {
        self.provider = provider
    }

    /// Starts tracking a task before it is resumed.
    func register(_ taskID: Int, _ entry: Entry) {
        entries.withLock { $0[taskID] = entry }
    }

    /// Marks a task as timed out; the caller then cancels it, and completion reports `.timeout`.
    func markTimedOut(_ taskID: Int) {
        entries.withLock { $0[taskID]?.timedOut = true }
    }

    func urlSession(
        _ urlSession: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let head = entries.withLock { entries -> CheckedContinuation<Int, any Error>? in
            defer { entries[dataTask.taskIdentifier]?.head = nil }
            return entries[dataTask.taskIdentifier]?.head
        }
        head?.resume(returning: status)
        completionHandler(.allow)
    }

    func urlSession(_ urlSession: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let body = entries.withLock { $0[dataTask.taskIdentifier]?.body }
        body?.yield(data)
    }

    func urlSession(_ urlSession: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let entry = entries.withLock({ $0.removeValue(forKey: task.taskIdentifier) }) else { return }
        entry.watchdog.cancel()
        let failure = error.map { chatError(for: $0, timedOut: entry.timedOut) }
        if let head = entry.head {
            head.resume(throwing: failure ?? ChatError(.badResponse, provider: provider, detail: "no response"))
        }
        if let failure {
            entry.body.finish(throwing: failure)
        } else {
            entry.body.finish()
        }
    }

    /// A transport error without the URL (which `URLError`'s description would include).
    private func chatError(for error: any Error, timedOut: Bool) -> ChatError {
        let code = (error as? URLError)?.code
        if timedOut || code == .timedOut { return ChatError(.timeout, provider: provider) }
        if code == .cancelled { return ChatError(.transport, provider: provider, detail: "cancelled") }
        return ChatError(.transport, provider: provider, detail: "URLError \(code?.rawValue ?? -1)")
    }
}
