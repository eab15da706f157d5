import Database
import Foundation

extension DatabaseJobSource {
    func claim(owner: String) async throws -> JobLease? {
        let now = clock.now
        let token = UUID()
        let expires = now.adding(configuration.lease)
        let (lease, exhausted) = try await database.transaction { tx in
            let exhausted = try await failLapsedAndExhausted(at: now, in: tx)
            // Postgres: SKIP LOCKED lets concurrent claimers pass over each other's rows instead of
            // queueing behind them. SQLite: BEGIN IMMEDIATE already made this transaction the only writer.
            let skipLocked: SQL = tx.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
            let row = try await tx.queryFirst(
                """
                UPDATE analysis_jobs SET state = 'running', attempts = attempts + 1, lease_owner = \(owner),
                    lease_token = \(token), lease_expires_at = \(expires), updated_at = \(now)
                WHERE id = (
                    SELECT id FROM analysis_jobs
                    WHERE (state = 'queued' AND run_after <= \(now))
                       OR (state = 'running' AND lease_expires_at < \(now) AND attempts < max_attempts)
                    ORDER BY run_after, id LIMIT 1\(skipLocked))
                RETURNING id, kind, track_id, fragment_id, attempts, max_attempts
                """)
            return (try row.map { try Self.lease(from: $0, token: token) }, exhausted)
        }
        for (job, message) in exhausted { subjects.announceFailure(job, message: message) }
        return lease
    }

    func fail(_ lease: JobLease, error: String) async throws -> JobRetry? {
        let now = clock.now
        let backoff = configuration.backoff
        let outcome = try await database.transaction { tx -> JobRetry? in
            try await Self.lockSubject(of: lease.job, in: tx)
            let lock: SQL = tx.dialect == .postgres ? " FOR UPDATE" : ""
            guard
                let row = try await tx.queryFirst(
                    """
                    SELECT attempts, max_attempts FROM analysis_jobs
                    WHERE id = \(lease.id) AND lease_token = \(lease.token) AND state = 'running'\(lock)
                    """)
            else { return nil }
            let attempts = try row.decode(Int.self, "attempts")
            let maxAttempts = try row.decode(Int.self, "max_attempts")
            if attempts >= maxAttempts {
                let message = Self.exhaustedMessage(attempts: attempts, reason: error)
                try await Self.markFailed(id: lease.id, job: lease.job, message: message, lastError: error, at: now, in: tx)
                try await subjects.recordFailure(lease.job, message: message, in: tx)
                return .exhausted(message: message)
            }
            let retryAt = now.adding(backoff.delay(afterAttempt: attempts))
            try await tx.execute(
                """
                UPDATE analysis_jobs SET state = 'queued', run_after = \(retryAt), last_error = \(error),
                    lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL, updated_at = \(now)
                WHERE id = \(lease.id)
                """)
            try await subjects.recordRetry(
                lease.job, message: "Analysis will be retried (attempt \(attempts) of \(maxAttempts) failed: \(error))", in: tx)
            return .retrying(at: retryAt, attempt: attempts, of: maxAttempts)
        }
        if case .exhausted(let message)? = outcome { subjects.announceFailure(lease.job, message: message) }
        return outcome
    }

    /// The status message of a job out of attempts.
    static func exhaustedMessage(attempts: Int, reason: String) -> String {
        "Analysis failed after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(reason)"
    }

    /// Why a lapsed lease counts as a failure.
    static let lapsedReason = "the worker running it stopped responding (its lease expired)"

    /// Fails jobs whose lease lapsed on their last attempt (their worker died
    /// each time), with their subjects; the claim then never picks them.
    private func failLapsedAndExhausted(at now: Date, in tx: any Transaction) async throws -> [(AnalysisJob, String)] {
        let skipLocked: SQL = tx.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        let rows = try await tx.query(
            """
            SELECT id, kind, track_id, fragment_id, attempts FROM analysis_jobs
            WHERE state = 'running' AND lease_expires_at < \(now) AND attempts >= max_attempts
            ORDER BY lease_expires_at LIMIT \(Self.reapBatch)\(skipLocked)
            """)
        var failed: [(AnalysisJob, String)] = []
        for row in rows {
            let id = try row.decode(Int64.self, "id")
            let job = try Self.job(from: row)
            let message = Self.exhaustedMessage(attempts: try row.decode(Int.self, "attempts"), reason: Self.lapsedReason)
            try await Self.markFailed(id: id, job: job, message: message, lastError: Self.lapsedReason, at: now, in: tx)
            try await subjects.recordFailure(job, message: message, in: tx)
            failed.append((job, message))
        }
        return failed
    }

    private static func markFailed(
        id: Int64, job: AnalysisJob, message: String, lastError: String, at now: Date, in tx: any Transaction
    ) async throws {
        try await tx.execute(
            """
            UPDATE analysis_jobs SET state = 'failed', last_error = \(lastError),
                lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL, finished_at = \(now), updated_at = \(now)
            WHERE id = \(id)
            """)
    }

    private static func lease(from row: Row, token: UUID) throws -> JobLease {
        JobLease(
            id: try row.decode(Int64.self, "id"), job: try job(from: row), token: token,
            attempt: try row.decode(Int.self, "attempts"), maxAttempts: try row.decode(Int.self, "max_attempts"))
    }

    private static func job(from row: Row) throws -> AnalysisJob {
        switch try row.decode(String.self, "kind") {
        case "track": .track(try row.decode(UUID.self, "track_id"))
        case "fragment": .fragment(try row.decode(UUID.self, "fragment_id"))
        case let other: throw DatabaseError(kind: .decoding, message: "analysis_jobs.kind '\(other)' is neither track nor fragment")
        }
    }
}
