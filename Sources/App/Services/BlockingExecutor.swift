import Dispatch

/// Runs blocking calls (file system, C libraries) on a bounded set of
/// dedicated threads, never on the event loops or the Swift concurrency pool.
public final class BlockingExecutor: Sendable {
    private let queue: DispatchQueue
    private let slots: DispatchSemaphore

    /// An executor running at most `width` calls at once.
    public init(label: String, width: Int) {
        queue = DispatchQueue(label: label, qos: .utility, attributes: .concurrent)
        slots = DispatchSemaphore(value: max(1, width))
    }

    /// Runs `work` on the executor's threads and returns its result.
    public func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { [slots] in
                // Waiting here blocks a Dispatch worker, not a Swift concurrency thread.
                slots.wait()
                defer { slots.signal() }
                continuation.resume(with: Result { try work() })
            }
        }
    }

    /// Runs non-throwing `work` on the executor's threads.
    public func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { [slots] in
                slots.wait()
                defer { slots.signal() }
                continuation.resume(returning: work())
            }
        }
    }
}
