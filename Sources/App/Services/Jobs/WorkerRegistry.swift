import Database
import Foundation

/// The processes that run analysis, as they announce themselves in
/// `analysis_workers`: each with workers renews its row every `period` while it
/// runs and removes it when it stops, so any process sharing the database can
/// tell whether the queue is being worked (a web-only replica's `check` and /health/).
struct WorkerRegistry: Sendable {
    /// Who is counted as present: seen within this window.
    static let presenceWindow: TimeInterval = 60
    /// How often a running process renews its row (well inside the window).
    static let period: Duration = .seconds(15)

    let database: any SQLDatabase
    let clock: any JobClock

    /// Workers seen within the presence window.
    struct Presence: Sendable, Equatable {
        /// Processes.
        var processes: Int
        /// Analysis threads across them.
        var threads: Int
    }

    /// Records (or renews) `owner` with its thread count.
    func announce(owner: String, threads: Int) async throws {
        let now = clock.now
        try await database.execute(
            """
            INSERT INTO analysis_workers (owner, threads, started_at, last_seen_at) VALUES (\(owner), \(threads), \(now), \(now))
            ON CONFLICT (owner) DO UPDATE SET threads = \(threads), last_seen_at = \(now)
            """)
        // Rows of processes that died without withdrawing are kept a day for operators, then dropped.
        try await database.execute("DELETE FROM analysis_workers WHERE last_seen_at < \(now.addingTimeInterval(-86_400))")
    }

    /// Removes `owner` (a clean stop).
    func withdraw(owner: String) async throws {
        try await database.execute("DELETE FROM analysis_workers WHERE owner = \(owner)")
    }

    /// Who has been seen within the presence window.
    func presence() async throws -> Presence {
        let since = clock.now.addingTimeInterval(-Self.presenceWindow)
        let row = try await database.queryFirst(
            """
            SELECT COUNT(*) AS processes, COALESCE(SUM(threads), 0) AS threads FROM analysis_workers WHERE last_seen_at >= \(since)
            """)
        return Presence(processes: try row?.decode(Int.self, "processes") ?? 0, threads: try row?.decode(Int.self, "threads") ?? 0)
    }
}
