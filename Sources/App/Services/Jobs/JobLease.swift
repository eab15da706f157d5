import Foundation

/// A job as one worker holds it: valid while `token` is still the job's token.
struct JobLease: Sendable, Hashable {
    /// The job row's id.
    let id: Int64
    /// What to analyse.
    let job: AnalysisJob
    /// The fencing token: new on every claim, so a stale holder's writes match nothing.
    let token: UUID
    /// This attempt's number, from 1.
    let attempt: Int
    /// Attempts allowed in all.
    let maxAttempts: Int
}
