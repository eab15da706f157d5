/// How the queue stands, for /health/ and /metrics.
public struct JobFigures: Sendable, Equatable {
    /// Jobs waiting (due now or backing off).
    public var queued: Int
    /// Jobs leased to a worker.
    public var running: Int
    /// Age of the oldest waiting job in seconds; 0 when none waits.
    public var oldestQueuedAgeSeconds: Int

    /// Zero everywhere.
    public static let empty = JobFigures(queued: 0, running: 0, oldestQueuedAgeSeconds: 0)
}
