import Database

/// What a job is about (a track or a fragment) as the queue sees it: told
/// of retries and final failures inside the transaction that records them
/// on the job, so the job and its subject never disagree.
protocol JobSubjects: Sendable {
    /// The attempt failed and the job will be tried again.
    /// - Throws: `DatabaseError`.
    func recordRetry(_ job: AnalysisJob, message: String, in transaction: any Transaction) async throws
    /// The job is out of attempts: its subject is failed with `message`.
    /// - Throws: `DatabaseError`.
    func recordFailure(_ job: AnalysisJob, message: String, in transaction: any Transaction) async throws
    /// Announces a recorded failure to watchers, once it is committed.
    func announceFailure(_ job: AnalysisJob, message: String)
}
