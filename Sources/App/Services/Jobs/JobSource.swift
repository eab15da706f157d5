import Database
import Foundation

/// A unit of analysis work.
enum AnalysisJob: Sendable, Hashable {
    case track(UUID)
    case fragment(UUID)

    /// The `kind` column's value.
    var kind: String {
        switch self {
        case .track: "track"
        case .fragment: "fragment"
        }
    }

    /// The track's or fragment's id.
    var subjectID: UUID {
        switch self {
        case .track(let id), .fragment(let id): id
        }
    }
}

/// Where workers take analysis jobs from, by lease: a claimed job belongs to
/// one worker until its lease lapses, and every write made on its behalf is
/// fenced by the lease's token, so a worker that lost its lease (paused,
/// partitioned, presumed dead) cannot overwrite the result of the one that
/// took the job over. `DatabaseJobSource` is the implementation for both
/// drivers; the seam exists so the queue's tests can drive the pool alone.
protocol JobSource: Sendable {
    /// Queues `job` unless one for the same track or fragment is queued or running.
    /// - Parameter writes: run first in the same transaction (the insert of the
    ///   job's track), so neither exists without the other; nil: none.
    /// - Returns: whether a job was queued. The caller wakes local workers after it returns
    ///   (the transaction has committed by then); other processes hear of it through Postgres.
    /// - Throws: what `writes` threw, or `DatabaseError`.
    @discardableResult
    func enqueue(_ job: AnalysisJob, along writes: (@Sendable (any Transaction) async throws -> Void)?) async throws -> Bool

    /// Removes the unfinished job for a track or fragment (its worker's lease goes with it).
    /// - Throws: `DatabaseError`.
    func cancel(_ job: AnalysisJob) async throws

    /// Leases the next due job, or a running one whose lease lapsed, to `owner`.
    /// - Parameter owner: the worker's identity, recorded for operators.
    /// - Returns: the lease, or nil when nothing is due.
    /// - Throws: `DatabaseError`.
    func claim(owner: String) async throws -> JobLease?

    /// Extends a held lease by the lease length from now (the heartbeat).
    /// - Returns: false when the lease is no longer held (taken over, released or cancelled).
    /// - Throws: `DatabaseError`.
    func renew(_ lease: JobLease) async throws -> Bool

    /// Runs `body` in one transaction only while `lease` is still held.
    /// - Parameters:
    ///   - finishing: when set, the same transaction finishes the job:
    ///     `.done` with no error, `.failed` with the error recorded.
    ///   - body: the writes made on the job's behalf.
    /// - Returns: what `body` returned, or nil when the lease was lost (nothing written).
    /// - Throws: what `body` threw, or `DatabaseError`.
    func whileHolding<T: Sendable>(
        _ lease: JobLease, finishing: JobFinish?, _ body: @Sendable (any Transaction) async throws -> T
    ) async throws -> T?

    /// Records a failed attempt: the job waits out a backoff and is tried again,
    /// or, out of attempts, fails for good together with its subject.
    /// - Parameter error: why, in words fit for the track's status message.
    /// - Returns: what became of the job, or nil when the lease was already lost.
    /// - Throws: `DatabaseError`.
    func fail(_ lease: JobLease, error: String) async throws -> JobRetry?

    /// Hands a held job back at once without counting the attempt (shutdown).
    /// - Throws: `DatabaseError`.
    func release(_ lease: JobLease) async throws

    /// Ends at once the leases of owners that are known to be gone (a crashed
    /// predecessor on this host), so their jobs need not wait for the lease to lapse.
    /// Such a job is then claimed as a lapsed one: the attempt counts.
    /// - Parameters:
    ///   - ownerPrefix: only owners starting with this are considered.
    ///   - isAbandoned: whether an owner string names a process that no longer runs.
    /// - Returns: how many leases were ended.
    /// - Throws: `DatabaseError`.
    @discardableResult
    func expireLeases(ownerPrefix: String, where isAbandoned: @Sendable (String) -> Bool) async throws -> Int

    /// Deletes finished jobs older than `date` (they are kept a while for operators).
    /// - Returns: how many were deleted.
    /// - Throws: `DatabaseError`.
    @discardableResult
    func prune(finishedBefore date: Date) async throws -> Int

    /// Queue figures, read from where the jobs are.
    /// - Throws: `DatabaseError`.
    func figures() async throws -> JobFigures
}

extension JobSource {
    /// Queues `job` in a transaction of its own.
    @discardableResult
    func enqueue(_ job: AnalysisJob) async throws -> Bool { try await enqueue(job, along: nil) }
}

/// How a job ends when its final write commits.
enum JobFinish: Sendable, Equatable {
    /// The work is done.
    case done
    /// The work cannot succeed (bad input); the reason is kept on the job.
    case failed(String)
}

/// What became of a job after a failed attempt.
enum JobRetry: Sendable, Equatable {
    /// Tried again once `at` has passed.
    case retrying(at: Date, attempt: Int, of: Int)
    /// Out of attempts: the job and its subject are failed with `message`.
    case exhausted(message: String)
}
