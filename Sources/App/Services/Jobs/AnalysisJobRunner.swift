import Foundation

/// Does the work of one claimed job. The analyzers in production; tests put
/// a scripted runner here to drive the pool's leases without audio.
protocol AnalysisJobRunner: Sendable {
    /// Runs the job. Final writes go through `context.finish`; returning
    /// without one finishes the job as done (nothing was left to do).
    /// - Throws: a failure worth another attempt (a database or storage error);
    ///   input that cannot be analysed is finished as failed instead.
    func run(_ context: JobContext) async throws
}

/// Tracks through `TrackAnalyzer`, fragments through `FragmentAnalyzer`.
struct AnalyzerJobRunner: AnalysisJobRunner {
    let tracks: TrackAnalyzer
    let fragments: FragmentAnalyzer

    func run(_ context: JobContext) async throws {
        switch context.job {
        case .track(let id): try await tracks.analyze(id, job: context)
        case .fragment(let id): try await fragments.analyze(id, job: context)
        }
    }
}
