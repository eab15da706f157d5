internal import Dispatch
internal import Synchronization

/// Runs `operation`, failing with `DatabaseError.timeout` if it has not finished in time.
///
/// Driver calls cannot be interrupted while they block on a socket, so on
/// timeout the operation keeps running in the background and its result is dropped.
func withDeadline<T: Sendable>(
    _ timeout: Duration, what: String, operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let once = ResumeOnce(continuation)
        let task = Task {
            do {
                once.resume(with: .success(try await operation()))
            } catch {
                once.resume(with: .failure(error))
            }
        }
        let nanoseconds = Int(min(timeout.milliseconds, Int64(Int32.max))) * 1_000_000
        // A queue of its own: the global pool can be saturated by the very work that is late.
        DispatchQueue(label: "database.deadline").asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) {
            let error = DatabaseError(kind: .timeout, message: "\(what) did not answer within \(timeout)")
            if once.resume(with: .failure(error)) { task.cancel() }
        }
    }
}

/// A continuation that the first of several racers resumes.
final class ResumeOnce<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, any Error>?>

    init(_ continuation: CheckedContinuation<T, any Error>) {
        self.continuation = Mutex(continuation)
    }

    /// Resumes if nobody has yet; returns whether this call did.
    @discardableResult
    func resume(with result: Result<T, any Error>) -> Bool {
        guard let continuation = continuation.withLock({ $0.take() }) else { return false }
        continuation.resume(with: result)
        return true
    }
}
