/// How the queue stands, for /health/ and /metrics.
struct JobFigures: Sendable, Equatable {
    /// Jobs waiting (due now or backing off).
    var queued: Int
    /// Jobs leased to a worker.
    var running: Int
    /// Age of the oldest waiting job in seconds; 0 when none waits.
    var oldestQueuedAgeSeconds: Int

    /// Zero everywhere.
    static let empty = JobFigures(queued: 0, running: 0, oldestQueuedAgeSeconds: 0)
}
