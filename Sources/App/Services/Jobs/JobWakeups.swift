/// How idle workers learn that a job may be waiting, instead of polling hard.
///
/// `enqueue` signals the local workers at once; `LocalJobWakeups` is that
/// signal. Workers in other processes hear of a job through Postgres: the
/// insert also sends `NOTIFY analysis_jobs` (`DatabaseJobSource.notificationChannel`)
/// in its transaction, and a LISTEN on that channel calls `signal()` here.
/// The slow poll (JOB_POLL_SECONDS) is only the safety net for a lost
/// notification, a job whose backoff ended, or a lease that lapsed.
protocol JobWakeups: Sendable {
    /// Suspends until `signal()`, `timeout` or cancellation, whichever is first;
    /// returns at once if a signal came while no one was waiting.
    func wait(upTo timeout: Duration) async
    /// Wakes one waiting worker, or the next one to wait.
    func signal()
}
