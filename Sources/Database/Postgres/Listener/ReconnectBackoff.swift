/// Delays between reconnection attempts: doubling from `initial`, capped at `maximum`.
///
/// Pure, so the schedule is tested without a server. The caller adds jitter,
/// so replicas that lost the same server do not all come back in step.
struct ReconnectBackoff: Sendable, Equatable {
    let initial: Duration
    let maximum: Duration
    private var next: Duration

    /// - Parameters:
    ///   - initial: the first delay after a loss, > 0.
    ///   - maximum: the longest delay, ≥ `initial`.
    init(initial: Duration, maximum: Duration) {
        self.initial = initial
        self.maximum = max(initial, maximum)
        next = initial
    }

    /// The delay before the coming attempt; each call doubles the following one up to `maximum`.
    mutating func nextDelay() -> Duration {
        let delay = next
        next = min(next * 2, maximum)
        return delay
    }

    /// Starts the schedule over: called once a connection is up.
    mutating func reset() {
        next = initial
    }
}
