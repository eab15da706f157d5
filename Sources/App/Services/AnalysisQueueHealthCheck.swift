/// /health/'s `analysis_queue`: jobs waiting and running (in every process
/// sharing the database), the oldest wait, this process's pool size and the
/// analysis threads seen across processes in the last minute.
struct AnalysisQueueHealthCheck: HealthCheck {
    let queue: AnalysisQueue
    var name: String { "analysis_queue" }

    func run() async -> HealthResult {
        do {
            let figures = try await queue.figures()
            // Threads of every process analysing for this database (a web-only replica has none of its own).
            let seen = try await queue.registry.presence()
            return .figures([
                "pending": figures.queued, "running": figures.running,
                "oldest_queued_age_seconds": figures.oldestQueuedAgeSeconds, "workers": queue.workerCount,
                "workers_seen": seen.threads,
            ])
        } catch {
            // The database check names the failure; this one only says the figures are unknown.
            return .unhealthy("queue figures unavailable")
        }
    }
}
