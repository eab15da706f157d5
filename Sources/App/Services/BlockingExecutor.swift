import Dispatch
import Synchronization

/// Runs blocking calls (file system, C libraries, DSP) on `width` dedicated
/// threads, never on the event loops or the Swift concurrency pool.
///
/// Each lane is a serial Dispatch queue, which on Linux gets a thread of its
/// own; a concurrent queue would share the small default pool (one thread per
/// core) with the concurrency runtime, and a blocked call there stalls every
/// `await` in the process. Work waits in one FIFO until a lane is free.
final class BlockingExecutor: Sendable {
    private let lanes: [DispatchQueue]
    private let state = Mutex<(idle: [Int], waiting: [@Sendable () -> Void])>(([], []))

    /// An executor running at most `width` calls at once.
    init(label: String, width: Int, qos: DispatchQoS = .utility) {
        let count = max(1, width)
        lanes = (0..<count).map { DispatchQueue(label: "\(label)-\($0)", qos: qos) }
        state.withLock { $0.idle = Array(0..<count) }
    }

    /// Runs `work` on a lane and returns its result.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            submit { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Runs non-throwing `work` on a lane.
    func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            submit { continuation.resume(returning: work()) }
        }
    }

    private func submit(_ job: @escaping @Sendable () -> Void) {
        let lane: Int? = state.withLock { s in
            if let lane = s.idle.popLast() { return lane }
            s.waiting.append(job)
            return nil
        }
        if let lane { start(job, on: lane) }
    }

    /// Runs `job`, then the next waiting one on the same lane, until none wait.
    private func start(_ job: @escaping @Sendable () -> Void, on lane: Int) {
        lanes[lane].async { [self] in
            job()
            let next: (@Sendable () -> Void)? = state.withLock { s in
                if s.waiting.isEmpty {
                    s.idle.append(lane)
                    return nil
                }
                return s.waiting.removeFirst()
            }
            if let next { start(next, on: lane) }
        }
    }
}
