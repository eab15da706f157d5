/// /health/'s `analysis_queue`: jobs waiting and the pool size.
struct AnalysisQueueHealthCheck: HealthCheck {
    let queue: AnalysisQueue
    var name: String { "analysis_queue" }

    func run() async -> HealthResult {
        let figures = queue.figures
        return .figures(["pending": figures.pending, "workers": figures.workers])
    }
}
