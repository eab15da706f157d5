/// /health/'s `analysis_queue`: jobs waiting and running (in every process
/// sharing the database), the oldest wait, and this process's pool size.
struct AnalysisQueueHealthCheck: HealthCheck {
    let queue: AnalysisQueue
    var name: String { "analysis_queue" }

    func run() async -> HealthResult {
        do {
            let figures = try await queue.figures()
            return .figures([
                "pending": figures.queued, "running": figures.running,
                "oldest_queued_age_seconds": figures.oldestQueuedAgeSeconds, "workers": queue.workerCount,
            ])
        } catch {
            // The database check names the failure; this one only says the figures are unknown.
            return .unhealthy("queue figures unavailable")
        }
    }
}
