internal import Dispatch

extension DispatchQueue {
    /// Runs blocking work on this queue and suspends the caller until it is done.
    ///
    /// The continuation is resumed exactly once, from the queue, so the
    /// caller's thread (an event loop or the concurrency pool) never blocks.
    func perform<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            self.async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
