import Database
import Foundation
import Testing

@testable import App

/// A job source over a migrated database with a manual clock, and tracks to queue.
struct JobFixture {
    let database: any SQLDatabase
    let clock: ManualJobClock
    let events: InProcessEventHub
    let source: DatabaseJobSource
    let tracks: TrackStore

    init(_ database: any SQLDatabase, maxAttempts: Int = 3, lease: Duration = .seconds(60)) {
        self.database = database
        clock = ManualJobClock()
        events = InProcessEventHub()
        var configuration = DatabaseJobSource.Configuration()
        configuration.lease = lease
        configuration.maxAttempts = maxAttempts
        configuration.backoff = RetryBackoff(base: .seconds(5), cap: .seconds(300))
        source = DatabaseJobSource(
            database: database, configuration: configuration, subjects: AnalysisSubjects(events: events, clock: clock), clock: clock)
        tracks = TrackStore(database: database)
    }

    /// A stored track with its job queued.
    func queuedTrack() async throws -> UUID {
        let track = Samples.track()
        try await tracks.insert(track)
        #expect(try await source.enqueue(.track(track.id)))
        return track.id
    }

    /// The job row's state and attempts for a track (nil when it has none).
    func jobState(_ id: UUID) async throws -> (state: String, attempts: Int)? {
        try await database.queryFirst(
            "SELECT state, attempts FROM analysis_jobs WHERE track_id = \(id) ORDER BY id DESC LIMIT 1"
        ).map { (try $0.decode(String.self, "state"), try $0.decode(Int.self, "attempts")) }
    }

    /// A finishing write as TrackAnalyzer makes it: the analysis, fenced by `lease`.
    func finishAnalysis(_ lease: JobLease, marker: String) async throws -> Bool? {
        try await source.whileHolding(lease, finishing: .done) { tx in
            try await TrackStore(database: tx).saveAnalysis(
                id: lease.job.subjectID, analysis: Data(#"{"by":"\#(marker)"}"#.utf8), analyzedAt: Date(), message: marker)
        }
    }
}
