public import Foundation

/// A job as one worker holds it: valid while `token` is still the job's token.
public struct JobLease: Sendable, Hashable {
    /// The job row's id.
    public let id: Int64
    /// What to analyse.
    public let job: AnalysisJob
    /// The fencing token: new on every claim, so a stale holder's writes match nothing.
    public let token: UUID
    /// This attempt's number, from 1.
    public let attempt: Int
    /// Attempts allowed in all.
    public let maxAttempts: Int
}
