import Foundation
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Outgoing HTTP for the bucket through one URLSession, bridged to async with cancellation.
///
/// Created only when a bucket is configured: a URLSession costs about 10 MB of resident memory.
/// URLSession runs its own threads; completion handlers run on its delegate queue, never on an
/// event loop or the concurrency pool, so moving a downloaded file there blocks neither.
final class S3Transport: Sendable {
    /// A finished exchange; `body` is the whole body, or for a download that failed, the error body.
    struct Reply: Sendable {
        let status: Int
        /// Lower-case names.
        let headers: [String: String]
        let body: [UInt8]
    }

    private let session: URLSession

    /// - Parameters:
    ///   - requestTimeout: seconds a request may wait with no byte moving.
    ///   - transferTimeout: seconds one whole request may take (a part upload, a download).
    init(requestTimeout: Double, transferTimeout: Double) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = requestTimeout
        configuration.timeoutIntervalForResource = transferTimeout
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpMaximumConnectionsPerHost = 8
        session = URLSession(configuration: configuration)
    }

    deinit { session.finishTasksAndInvalidate() }

    /// Sends `request` with `payload` and collects the response.
    /// - Throws: `S3Error` (`Timeout`, `Transport`) when no response arrived; `CancellationError`.
    func send(_ request: URLRequest, payload: S3Payload, operation: String) async throws -> Reply {
        try await perform(operation) { finish in
            let handler: @Sendable (Data?, URLResponse?, (any Error)?) -> Void = { data, response, error in
                finish(Self.reply(data.map { [UInt8]($0) } ?? [], response, error, operation: operation))
            }
            switch payload {
            case .empty:
                return self.session.dataTask(with: request, completionHandler: handler)
            case .bytes(let body):
                // URLSession copies the body once more (into DispatchData): fine for small bodies only.
                return self.session.uploadTask(with: request, from: body, completionHandler: handler)
            case .file(let file, _):
                // Read back in small chunks while sending, with the file's size as Content-Length.
                return self.session.uploadTask(with: request, fromFile: file, completionHandler: handler)
            }
        }
    }

    /// Streams the response body of `request` to `destination` (moved into place whole) when the
    /// status is 2xx; otherwise returns the error body and writes nothing.
    /// - Throws: `S3Error` when no response arrived or the file cannot be moved; `CancellationError`.
    func download(_ request: URLRequest, to destination: URL, operation: String) async throws -> Reply {
        try await perform(operation) { finish in
            self.session.downloadTask(with: request) { location, response, error in
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                guard error == nil, let location, (200..<300).contains(status) else {
                    // An error body is a short XML document; more than 64 KB is not one.
                    var body: [UInt8] = []
                    if let location, let handle = try? FileHandle(forReadingFrom: location) {
                        body = [UInt8]((try? handle.read(upToCount: 65_536)) ?? Data())
                        try? handle.close()  // read-only: nothing to lose
                    }
                    finish(Self.reply(body, response, error, operation: operation))
                    return
                }
                do {
                    try? FileManager.default.removeItem(at: destination)  // nothing there is the usual case
                    try FileManager.default.moveItem(at: location, to: destination)
                    finish(Self.reply([], response, nil, operation: operation))
                } catch {
                    finish(
                        .failure(
                            S3Error(
                                operation: operation, status: status, code: "LocalFile",
                                message: "cannot keep the downloaded file")))
                }
            }
        }
    }

    private func perform(
        _ operation: String,
        _ makeTask: (@escaping @Sendable (Result<Reply, any Error>) -> Void) -> URLSessionTask
    ) async throws -> Reply {
        try Task.checkCancellation()
        let waiter = ReplyWaiter()
        let task = makeTask { waiter.resume($0) }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                // The task starts only after the continuation is installed, so it cannot finish first.
                waiter.install(continuation)
                task.resume()
            }
        } onCancel: {
            task.cancel()
        }
    }

    private static func reply(_ body: [UInt8], _ response: URLResponse?, _ error: (any Error)?, operation: String) -> Result<Reply, any Error> {
        if let error {
            let code = (error as? URLError)?.code
            if code == .cancelled { return .failure(CancellationError()) }
            if code == .timedOut { return .failure(S3Error(operation: operation, status: nil, code: "Timeout", message: "no answer in time")) }
            return .failure(S3Error(operation: operation, status: nil, code: "Transport", message: error.localizedDescription))
        }
        guard let http = response as? HTTPURLResponse else {
            return .failure(S3Error(operation: operation, status: nil, code: "Transport", message: "no HTTP response"))
        }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
        }
        return .success(Reply(status: http.statusCode, headers: headers, body: body))
    }
}

/// The continuation of one request, resumed exactly once by the completion handler.
private final class ReplyWaiter: Sendable {
    private let state = Mutex<(continuation: CheckedContinuation<S3Transport.Reply, any Error>?, early: Result<S3Transport.Reply, any Error>?)>(
        (nil, nil))

    func install(_ continuation: CheckedContinuation<S3Transport.Reply, any Error>) {
        let early: Result<S3Transport.Reply, any Error>? = state.withLock { s in
            if let early = s.early { return early }
            s.continuation = continuation
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    func resume(_ result: Result<S3Transport.Reply, any Error>) {
        let continuation = state.withLock { s in
            guard let continuation = s.continuation.take() else {
                s.early = result
                return nil as CheckedContinuation<S3Transport.Reply, any Error>?
            }
            return continuation
        }
        continuation?.resume(with: result)
    }
}
