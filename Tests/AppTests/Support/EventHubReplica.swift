import Database
import Foundation
import Logging
import Synchronization
import TestSupport

@testable import App

/// One "replica" of the event path: its own pool, listener and PostgresEventHub on a shared server.
struct EventHubReplica {
    let database: PostgresDatabase
    let listener: PostgresListener
    let hub: PostgresEventHub

    static let logger = Logger(label: "event-hub-tests") { _ in SwiftLogNoOpLogHandler() }

    /// The test server, or nil when TEST_DATABASE_URL is not set.
    static var serverInfo: PostgresConnectionInfo? {
        guard let text = TestEnvironment.postgresURL, case .postgres(let info) = try? DatabaseURL(parsing: text) else { return nil }
        return info
    }

    /// A unique channel, so parallel tests on one server do not hear each other.
    static func channel() -> String {
        "track_events_" + UUID().uuidString.prefix(8).lowercased()
    }

    /// Starts a replica on `channel`: hub subscribed, listener connected.
    static func start(
        _ info: PostgresConnectionInfo, channel: String,
        configuration: PostgresListener.Configuration = .init()
    ) async throws -> EventHubReplica {
        let database = try await PostgresDatabase(info: info, options: DatabaseOptions(poolSize: 4), logger: logger)
        let listener = PostgresListener(info: info, configuration: configuration, logger: logger)
        let hub = PostgresEventHub(database: database, listener: listener, channel: channel, logger: logger)
        await hub.start()
        guard await listener.start() else {
            await listener.close()
            await database.close()
            throw DatabaseError(kind: .connectionFailed, message: "listener did not connect")
        }
        return EventHubReplica(database: database, listener: listener, hub: hub)
    }

    func stop() async {
        await hub.shutdown()
        await listener.close()
        await database.close()
    }
}

/// Publish-to-delivery latency of `count` status events, published on `from` every `interval`
/// and received by a subscriber on `to`.
/// - Returns: the latencies in milliseconds, sorted; fewer than `count` if a slow receiver dropped some.
func measureFanOutLatency(from: any EventHub, to: any EventHub, count: Int, interval: Duration) async throws -> [Double] {
    let track = UUID()
    let stream = to.subscribe(to: track)
    let clock = ContinuousClock()
    let published = PublishTimes(count: count)
    let receiver = Task { () -> [Double] in
        var latencies: [Double] = []
        for await event in stream {
            let now = clock.now
            guard case .status(_, let message) = event, let index = Int(message),
                let sent = published.time(of: index)
            else { continue }
            let elapsed = now - sent
            latencies.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
            if latencies.count == count { break }
        }
        return latencies
    }
    for index in 0..<count {
        published.record(index, at: clock.now)
        from.publish(.status(status: "analyzing", message: String(index)), for: track)
        try await Task.sleep(for: interval)
    }
    // The in-process fan-out keeps a slow subscriber's newest 64 events only: stop waiting for dropped ones.
    let watchdog = Task {
        try? await Task.sleep(for: .seconds(10))
        receiver.cancel()
    }
    let latencies = await receiver.value
    watchdog.cancel()
    return latencies.sorted()
}

/// The value below which `fraction` of the sorted `values` fall.
func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
}

/// When each numbered event was published, shared by the publishing loop and the receiving task.
private final class PublishTimes: Sendable {
    private let times: Mutex<[ContinuousClock.Instant?]>

    init(count: Int) { times = Mutex(Array(repeating: nil, count: count)) }

    func record(_ index: Int, at instant: ContinuousClock.Instant) { times.withLock { $0[index] = instant } }

    func time(of index: Int) -> ContinuousClock.Instant? {
        times.withLock { $0.indices.contains(index) ? $0[index] : nil }
    }
}
