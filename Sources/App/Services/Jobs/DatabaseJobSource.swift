import Database
import Foundation

/// The analysis queue in the `analysis_jobs` table, for SQLite and Postgres alike.
///
/// Claims lease a job to one worker (`FOR UPDATE SKIP LOCKED` on Postgres, so
/// concurrent claimers never wait on each other; SQLite's `BEGIN IMMEDIATE`
/// serializes them); a heartbeat renews the lease; a lease that lapses (its
/// worker died or stalled) makes the job claimable again, counting the
/// attempt. Every write on a job's behalf checks its `lease_token` in the
/// same transaction, which is the fencing that keeps a stale worker from
/// overwriting its successor's result.
struct DatabaseJobSource: JobSource {
    /// Lease, attempts, backoff and retention of finished jobs.
    struct Configuration: Sendable {
        /// How long a claim holds a job without a heartbeat (ANALYSIS_LEASE_SECONDS); default 60 s.
        var lease: Duration = .seconds(60)
        /// Attempts before a job fails for good (ANALYSIS_MAX_ATTEMPTS), ≥ 1; default 3.
        var maxAttempts = 3
        /// The wait between attempts.
        var backoff = RetryBackoff()
    }

    /// The Postgres NOTIFY channel `enqueue` and `release` signal on.
    static let notificationChannel = "analysis_jobs"
    /// Expired leases failed per claim at most, so one claim stays short.
    static let reapBatch = 16

    let database: any SQLDatabase
    let configuration: Configuration
    let subjects: any JobSubjects
    let clock: any JobClock

    init(
        database: any SQLDatabase, configuration: Configuration = Configuration(), subjects: any JobSubjects,
        clock: any JobClock = SystemJobClock()
    ) {
        self.database = database
        self.configuration = configuration
        self.subjects = subjects
        self.clock = clock
    }

    @discardableResult
    func enqueue(_ job: AnalysisJob, along writes: (@Sendable (any Transaction) async throws -> Void)?) async throws -> Bool {
        let now = clock.now
        let maxAttempts = configuration.maxAttempts
        return try await database.transaction { tx in
            try await writes?(tx)
            // The partial unique indexes turn a second unfinished job for the subject into a no-op.
            let inserted =
                try await tx.execute(
                    """
                    INSERT INTO analysis_jobs (kind, \(raw: Self.subjectColumn(job)), state, attempts, max_attempts,
                        run_after, created_at, updated_at)
                    VALUES (\(job.kind), \(job.subjectID), 'queued', 0, \(maxAttempts), \(now), \(now), \(now))
                    ON CONFLICT DO NOTHING
                    """) > 0
            // Delivered at commit, to every listening process.
            if inserted { try await Self.notify(tx) }
            return inserted
        }
    }

    func cancel(_ job: AnalysisJob) async throws {
        try await database.execute(
            """
            DELETE FROM analysis_jobs
            WHERE \(raw: Self.subjectColumn(job)) = \(job.subjectID) AND state IN ('queued', 'running')
            """)
    }

    func renew(_ lease: JobLease) async throws -> Bool {
        let now = clock.now
        return try await database.execute(
            """
            UPDATE analysis_jobs SET lease_expires_at = \(now.adding(configuration.lease)), updated_at = \(now)
            WHERE id = \(lease.id) AND lease_token = \(lease.token) AND state = 'running'
            """) > 0
    }

    func whileHolding<T: Sendable>(
        _ lease: JobLease, finishing: JobFinish?, _ body: @Sendable (any Transaction) async throws -> T
    ) async throws -> T? {
        let now = clock.now
        return try await database.transaction { tx -> T? in
            try await Self.lockSubject(of: lease.job, in: tx)
            let held: Bool
            switch finishing {
            case nil:
                // The row lock keeps a takeover from slipping in before this transaction commits.
                let lock: SQL = tx.dialect == .postgres ? " FOR UPDATE" : ""
                held = try await !tx.query(
                    """
                    SELECT id FROM analysis_jobs WHERE id = \(lease.id) AND lease_token = \(lease.token) AND state = 'running'\(lock)
                    """
                ).isEmpty
            case .done:
                held = try await Self.finish(lease, state: "done", error: nil, at: now, in: tx)
            case .failed(let reason):
                held = try await Self.finish(lease, state: "failed", error: reason, at: now, in: tx)
            }
            guard held else { return nil }
            return try await body(tx)
        }
    }

    func release(_ lease: JobLease) async throws {
        let now = clock.now
        try await database.transaction { tx in
            // Handing back is not a failed attempt: the count goes back down.
            let released =
                try await tx.execute(
                    """
                    UPDATE analysis_jobs SET state = 'queued', attempts = attempts - 1, run_after = \(now),
                        lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL, updated_at = \(now)
                    WHERE id = \(lease.id) AND lease_token = \(lease.token) AND state = 'running' AND attempts > 0
                    """) > 0
            if released { try await Self.notify(tx) }
        }
    }

    @discardableResult
    func prune(finishedBefore date: Date) async throws -> Int {
        try await database.execute("DELETE FROM analysis_jobs WHERE state IN ('done', 'failed') AND finished_at < \(date)")
    }

    func figures() async throws -> JobFigures {
        let rows = try await database.query(
            """
            SELECT state, COUNT(*) AS jobs, MIN(created_at) AS oldest FROM analysis_jobs
            WHERE state IN ('queued', 'running') GROUP BY state
            """)
        var figures = JobFigures.empty
        for row in rows {
            let count = try row.decode(Int.self, "jobs")
            switch try row.decode(String.self, "state") {
            case "queued":
                figures.queued = count
                if let oldest = try row.decode(Date?.self, "oldest") {
                    figures.oldestQueuedAgeSeconds = max(0, Int(clock.now.timeIntervalSince(oldest)))
                }
            default:
                figures.running = count
            }
        }
        return figures
    }

    /// Ends a held job; false when the lease is no longer held.
    private static func finish(_ lease: JobLease, state: String, error: String?, at now: Date, in tx: any Transaction) async throws -> Bool {
        try await tx.execute(
            """
            UPDATE analysis_jobs SET state = \(state), last_error = COALESCE(\(error), last_error),
                lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL, finished_at = \(now), updated_at = \(now)
            WHERE id = \(lease.id) AND lease_token = \(lease.token) AND state = 'running'
            """) > 0
    }

    /// Postgres: locks the job's track or fragment row before the job row, the order a
    /// DELETE of the track takes them in (its cascade reaches the job second), so a
    /// result written while the track is deleted waits instead of deadlocking.
    static func lockSubject(of job: AnalysisJob, in tx: any Transaction) async throws {
        guard tx.dialect == .postgres else { return }  // SQLite's write transaction already holds the whole database
        let table =
            switch job {
            case .track: "tracks"
            case .fragment: "fragments"
            }
        _ = try await tx.query("SELECT 1 FROM \(raw: table) WHERE \(raw: subjectColumn(job)) = \(job.subjectID) FOR UPDATE")
    }

    /// Tells listening processes a job may be claimable (Postgres only; SQLite has no other listeners).
    static func notify(_ tx: any Transaction) async throws {
        guard tx.dialect == .postgres else { return }
        _ = try await tx.query("SELECT pg_notify(\(notificationChannel), '')")
    }

    /// The column naming the job's subject; chosen by code, never input.
    static func subjectColumn(_ job: AnalysisJob) -> String {
        switch job {
        case .track: "track_id"
        case .fragment: "fragment_id"
        }
    }
}
