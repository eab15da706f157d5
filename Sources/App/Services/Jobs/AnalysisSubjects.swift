import Database
import Foundation

/// Tracks and fragments as the job queue updates them: a retry puts a track
/// back to `pending` with the reason, a final failure fails the track or
/// fragment with the message, and watchers of a track hear of it.
struct AnalysisSubjects: JobSubjects {
    let events: any EventHub
    let clock: any JobClock

    func recordRetry(_ job: AnalysisJob, message: String, in transaction: any Transaction) async throws {
        // A fragment's client only polls for pending or done; a track's page shows the reason.
        guard case .track(let id) = job else { return }
        try await TrackStore(database: transaction).setStatus(id: id, status: .pending, message: message)
    }

    func recordFailure(_ job: AnalysisJob, message: String, in transaction: any Transaction) async throws {
        switch job {
        case .track(let id):
            try await TrackStore(database: transaction).setStatus(id: id, status: .failed, message: message)
        case .fragment(let id):
            try await FragmentStore(database: transaction).fail(id: id, error: message, at: clock.now)
        }
    }

    func announceFailure(_ job: AnalysisJob, message: String) {
        guard case .track(let id) = job else { return }
        events.publish(.status(status: Track.Status.failed.rawValue, message: message), for: id)
    }
}
