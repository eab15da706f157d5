import Foundation
import Synchronization

@testable import App

/// A clock that moves only when the test says: sleepers wake when `advance`
/// passes their deadline, so lease, backoff and heartbeat tests never wait for real time.
final class ManualJobClock: JobClock {
    private struct Sleeper {
        let id: UInt64
        let deadline: Date
        let continuation: CheckedContinuation<Void, any Error>
    }

    private let state: Mutex<(now: Date, nextID: UInt64, sleepers: [Sleeper])>

    init(start: Date = Date(timeIntervalSince1970: 1_768_651_140)) {
        state = Mutex((start, 0, []))
    }

    var now: Date { state.withLock { $0.now } }

    /// Tasks asleep on this clock now.
    var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    func sleep(for duration: Duration) async throws {
        let id = state.withLock { s in
            s.nextID += 1
            return s.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let immediate = state.withLock { s -> Result<Void, any Error>? in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    let deadline = s.now.addingTimeInterval(
                        Double(duration.components.seconds)
                            + Double(duration.components.attoseconds) / 1e18)
                    if deadline <= s.now { return .success(()) }
                    s.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            let sleeper = state.withLock { s -> Sleeper? in
                guard let index = s.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return s.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time on and wakes every sleeper whose deadline passed.
    func advance(by duration: Duration) {
        let due = state.withLock { s -> [Sleeper] in
            s.now = s.now.addingTimeInterval(Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
            let now = s.now
            let due = s.sleepers.filter { $0.deadline <= now }
            s.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Waits (briefly yielding, never for time to pass) until `count` tasks sleep on the clock.
    func waitForSleepers(_ count: Int, timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while sleeperCount < count {
            guard ContinuousClock.now < deadline else { throw ClockTimeout(expected: count, actual: sleeperCount) }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    struct ClockTimeout: Error {
        let expected: Int
        let actual: Int
    }
}
