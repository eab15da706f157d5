import Database
import Synchronization

/// A claimed job as the code analysing it sees it: its writes go through the
/// lease, and once the lease is lost (taken over, released at shutdown, or
/// the subject deleted) nothing more is written or announced for it.
final class JobContext: Sendable {
    /// The lease this work runs under.
    let lease: JobLease
    private let source: any JobSource
    private let state = Mutex<(lost: Bool, finished: Bool)>((false, false))

    init(lease: JobLease, source: any JobSource) {
        self.lease = lease
        self.source = source
    }

    /// What to analyse.
    var job: AnalysisJob { lease.job }
    /// Whether the lease was lost: progress is no longer worth announcing.
    var isLost: Bool { state.withLock { $0.lost } }
    /// Whether a finishing write committed.
    var isFinished: Bool { state.withLock { $0.finished } }

    /// Records that the lease is gone (a failed renewal, or shutdown releasing it).
    func markLost() {
        state.withLock { $0.lost = true }
    }

    /// Runs `body` in one transaction while the lease holds.
    /// - Returns: what `body` returned; nil when the lease was lost and nothing was written.
    /// - Throws: what `body` threw, or `DatabaseError`.
    func write<T: Sendable>(_ body: @Sendable (any Transaction) async throws -> T) async throws -> T? {
        try await run(finishing: nil, body)
    }

    /// Runs the job's last writes in the transaction that finishes it, while the lease holds.
    /// - Parameter outcome: `.done`, or `.failed` with the reason when the input cannot be analysed.
    /// - Returns: what `body` returned; nil when the lease was lost and nothing was written.
    /// - Throws: what `body` threw, or `DatabaseError`.
    func finish<T: Sendable>(_ outcome: JobFinish, _ body: @Sendable (any Transaction) async throws -> T) async throws -> T? {
        try await run(finishing: outcome, body)
    }

    private func run<T: Sendable>(finishing: JobFinish?, _ body: @Sendable (any Transaction) async throws -> T) async throws -> T? {
        guard !isLost else { return nil }
        guard let result = try await source.whileHolding(lease, finishing: finishing, body) else {
            markLost()
            return nil
        }
        if finishing != nil { state.withLock { $0.finished = true } }
        return result
    }
}
