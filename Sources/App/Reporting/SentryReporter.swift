import Foundation
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends error events to Sentry from a background queue, never from the caller's thread.
///
/// The buffer is bounded (`capacity` events waiting; more are dropped and counted), each POST has a
/// short timeout, and one request is in flight at a time, so a flood of errors or a slow ingest
/// costs bounded memory and never holds up a request or a worker.
public final class SentryReporter: Sendable {
    private let dsn: SentryDSN
    private let release: String
    private let environment: String
    private let capacity: Int
    private let session: URLSession
    private let queue = DispatchQueue(label: "sentry", qos: .utility)
    private let state = Mutex((waiting: [SentryEvent](), sending: false, dropped: 0))

    /// - Parameters:
    ///   - dsn: where to send.
    ///   - release: the server's version.
    ///   - environment: `production`, `staging`, …
    ///   - capacity: events waiting at most; default 100.
    ///   - timeoutSeconds: per request; default 5.
    public init(dsn: SentryDSN, release: String, environment: String, capacity: Int = 100, timeoutSeconds: Double = 5) {
        self.dsn = dsn
        self.release = release
        self.environment = environment
        self.capacity = max(1, capacity)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeoutSeconds
        configuration.timeoutIntervalForResource = timeoutSeconds
        session = URLSession(configuration: configuration)
    }

    /// Events dropped because the buffer was full.
    public var droppedCount: Int { state.withLock { $0.dropped } }

    /// Queues an event; returns at once.
    func report(_ event: SentryEvent) {
        let start = state.withLock { state -> Bool in
            guard state.waiting.count < capacity else {
                state.dropped += 1
                return false
            }
            state.waiting.append(event)
            guard !state.sending else { return false }
            state.sending = true
            return true
        }
        if start { queue.async { self.sendNext() } }
    }

    private func sendNext() {
        guard
            let event = state.withLock({ state -> SentryEvent? in
                guard !state.waiting.isEmpty else {
                    state.sending = false
                    return nil
                }
                return state.waiting.removeFirst()
            })
        else { return }
        guard let body = try? event.envelope(dsn: dsn, release: release, environment: environment) else {
            queue.async { self.sendNext() }  // an event that cannot be encoded is skipped, never retried
            return
        }
        var request = URLRequest(url: dsn.envelopeURL)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/x-sentry-envelope", forHTTPHeaderField: "Content-Type")
        request.setValue(
            "Sentry sentry_version=7, sentry_key=\(dsn.publicKey), sentry_client=audio-server/\(release)",
            forHTTPHeaderField: "X-Sentry-Auth")
        session.dataTask(with: request) { _, _, _ in
            // Delivery is best effort: a failed POST is not retried, so an ingest outage cannot pile up work.
            self.queue.async { self.sendNext() }
        }.resume()
    }
}
