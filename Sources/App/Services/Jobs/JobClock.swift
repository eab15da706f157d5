import Foundation

/// The time the queue works by: leases, backoff, heartbeats and polls. A seam
/// so tests move time by hand instead of waiting for it.
///
/// Lease times are wall-clock instants stored in the database, so every
/// worker host should keep its clock synchronised (NTP); a lease is tens of
/// seconds, far above ordinary skew.
protocol JobClock: Sendable {
    /// Now, as stored in the database.
    var now: Date { get }
    /// Suspends for `duration`.
    /// - Throws: `CancellationError` when the task is cancelled first.
    func sleep(for duration: Duration) async throws
}

/// The system's wall clock, sleeping on the continuous clock.
struct SystemJobClock: JobClock {
    /// The system clock.
    init() {}

    var now: Date { Date() }

    func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}

extension Date {
    /// This instant moved by a `Duration`.
    func adding(_ duration: Duration) -> Date {
        addingTimeInterval(duration.seconds)
    }
}

extension Duration {
    /// The duration in seconds, with its fraction.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
