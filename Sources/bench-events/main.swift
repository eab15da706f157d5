// Track-event fan-out latency across replicas: two PostgresEventHubs (each with its own
// pool and listener) on one server stand for two processes; a subscriber on B times each
// event published on A, from publish() to delivery.
//
// Usage: bench-events [COUNT]   (events per measurement, default 2000)
// Needs BENCH_DATABASE_URL or TEST_DATABASE_URL (scripts/with-postgres.sh sets the latter).
import App
import Database
import Foundation
import Logging
import Synchronization

let logger = Logger(label: "bench-events") { _ in SwiftLogNoOpLogHandler() }
let count = max(1, CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 2000)

/// When each numbered event was published, shared by the publishing loop and the receiver.
final class PublishTimes: Sendable {
    private let times: Mutex<[ContinuousClock.Instant?]>
    init(count: Int) { times = Mutex(Array(repeating: nil, count: count)) }
    func record(_ index: Int, at instant: ContinuousClock.Instant) { times.withLock { $0[index] = instant } }
    func time(of index: Int) -> ContinuousClock.Instant? { times.withLock { $0.indices.contains(index) ? $0[index] : nil } }
}

/// Milliseconds from publish on `from` to delivery on `to`, sorted; `interval` between publishes (zero: a burst).
func measure(from: PostgresEventHub, to: PostgresEventHub, interval: Duration) async throws -> [Double] {
    let track = UUID()
    let stream = to.subscribe(to: track)
    let clock = ContinuousClock()
    let published = PublishTimes(count: count)
    let receiver = Task { () -> [Double] in
        var latencies: [Double] = []
        for await event in stream {
            let now = clock.now
            guard case .status(_, let message) = event, let index = Int(message), let sent = published.time(of: index) else { continue }
            let elapsed = now - sent
            latencies.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
            if latencies.count == count { break }
        }
        return latencies
    }
    for index in 0..<count {
        published.record(index, at: clock.now)
        from.publish(.status(status: "analyzing", message: String(index)), for: track)
        if interval > .zero { try await Task.sleep(for: interval) }
    }
    // A subscriber keeps its newest 64 events when it falls behind: stop waiting for dropped ones.
    let watchdog = Task {
        try? await Task.sleep(for: .seconds(10))
        receiver.cancel()
    }
    let latencies = await receiver.value
    watchdog.cancel()
    return latencies.sorted()
}

func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
}

let environment = ProcessInfo.processInfo.environment
guard let text = environment["BENCH_DATABASE_URL"] ?? environment["TEST_DATABASE_URL"], !text.isEmpty,
    case .postgres(let info) = try DatabaseURL(parsing: text)
else {
    print("bench-events: skipped (set BENCH_DATABASE_URL or run through scripts/with-postgres.sh)")
    exit(0)
}
let channel = "bench_events_" + UUID().uuidString.prefix(8).lowercased()
var replicas: [(PostgresDatabase, PostgresListener, PostgresEventHub)] = []
for _ in 0..<2 {
    let database = try await PostgresDatabase(info: info, options: DatabaseOptions(poolSize: 4), logger: logger)
    let listener = PostgresListener(info: info, logger: logger)
    let hub = PostgresEventHub(database: database, listener: listener, channel: channel, logger: logger)
    await hub.start()
    guard await listener.start() else {
        print("bench-events: the listener could not connect")
        exit(1)
    }
    replicas.append((database, listener, hub))
}
print("bench-events: \(count) status events per measurement, published on replica A, received on replica B")
_ = try await measure(from: replicas[0].2, to: replicas[1].2, interval: .milliseconds(1))  // warm-up
for (label, interval) in [("1 ms apart", Duration.milliseconds(1)), ("burst     ", .zero)] {
    let latencies = try await measure(from: replicas[0].2, to: replicas[1].2, interval: interval)
    print(
        String(
            format: "fan-out %@  p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms   (%d of %d delivered)",
            label, percentile(latencies, 0.5), percentile(latencies, 0.99), latencies.last ?? .nan, latencies.count, count))
}
for (database, listener, hub) in replicas {
    await hub.shutdown()
    await listener.close()
    await database.close()
}
