import Foundation
import Synchronization

/// Runs the registered health checks and caches their results for about a
/// second, so probes and floods of /health/ cost no file-system or database load.
final class HealthMonitor: Sendable {
    /// All checks' results at one moment.
    struct Snapshot: Sendable {
        let results: [String: HealthResult]
        let takenAt: ContinuousClock.Instant
        var healthy: Bool { results.values.allSatisfy(\.healthy) }
    }

    private struct State {
        var checks: [any HealthCheck] = []
        var snapshot: Snapshot?
        var refresh: Task<Snapshot, Never>?
    }

    private let state = Mutex(State())
    private let maxAge: Duration

    /// A monitor whose results live `maxAge` (default 1 s).
    init(maxAge: Duration = .seconds(1)) { self.maxAge = maxAge }

    /// Adds a check (done at wiring time; later issues plug theirs in here).
    func register(_ check: any HealthCheck) {
        state.withLock {
            $0.checks.append(check)
            $0.snapshot = nil
        }
    }

    /// The cached snapshot if it is fresh.
    func freshSnapshot() -> Snapshot? {
        state.withLock { s in
            guard let snapshot = s.snapshot, ContinuousClock.now - snapshot.takenAt < maxAge else { return nil }
            return snapshot
        }
    }

    /// A fresh snapshot, running the checks once for all concurrent callers.
    func snapshot() async -> Snapshot {
        let task: Task<Snapshot, Never> = state.withLock { s in
            if let refresh = s.refresh { return refresh }
            let checks = s.checks
            let refresh = Task { [weak self] in
                let snapshot = await Self.run(checks)
                self?.state.withLock { s in
                    s.snapshot = snapshot
                    s.refresh = nil
                }
                return snapshot
            }
            s.refresh = refresh
            return refresh
        }
        return await task.value
    }

    private static func run(_ checks: [any HealthCheck]) async -> Snapshot {
        let results = await withTaskGroup(of: (String, HealthResult).self) { group in
            for check in checks { group.addTask { (check.name, await check.run()) } }
            var results: [String: HealthResult] = [:]
            for await (name, result) in group { results[name] = result }
            return results
        }
        return Snapshot(results: results, takenAt: .now)
    }
}
