/// The wait before the next attempt of a failed job: doubling from `base`, at most `cap`.
struct RetryBackoff: Sendable, Equatable {
    /// The wait after the first failed attempt; default 5 s.
    var base: Duration
    /// The longest wait; default 5 minutes.
    var cap: Duration

    /// A backoff from `base`, doubling per attempt up to `cap`.
    init(base: Duration = .seconds(5), cap: Duration = .seconds(300)) {
        self.base = base
        self.cap = cap
    }

    /// The wait after failed attempt `attempt` (from 1): base × 2^(attempt − 1), capped.
    func delay(afterAttempt attempt: Int) -> Duration {
        // 2^20 × any sane base is past any sane cap; stopping there avoids overflow.
        let doublings = min(max(attempt - 1, 0), 20)
        return min(base * (1 << doublings), cap)
    }
}
