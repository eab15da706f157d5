import HTTPServer

/// `GET /metrics`: the Prometheus text exposition (0.0.4).
///
/// Protected: the API key (as every administrative view), or `Authorization: Bearer <METRICS_TOKEN>`
/// when METRICS_TOKEN is set, so a scraper needs no administrator key.
struct MetricsRoutes {
    let http: HTTPMetrics
    let services: ServiceMetrics
    let process: ProcessMetrics
    let metricsToken: String?
    let authenticator: Authenticator
    /// Open HTTP connections and analysis queue figures, read when scraped.
    let connections: @Sendable () -> Int
    /// Its figures come from the database, cached for a second.
    let queue: AnalysisQueue

    var routes: [Route] {
        [
            Route(
                .get, "/metrics",
                handler: .deferrable { request, _ in
                    try authorize(request)
                    if let figures = queue.freshFigures { return .now(response(figures)) }
                    return .later {
                        do {
                            return response(try await queue.figures())
                        } catch {
                            // The rest of the exposition is still worth scraping; the database check reports the outage.
                            return response(nil)
                        }
                    }
                })
        ]
    }

    private func response(_ figures: JobFigures?) -> Response {
        var response = Response(
            status: .ok, headers: ["Content-Type": PrometheusText.contentType],
            body: .bytes(Array(exposition(queue: figures).text.utf8)))
        response.headers.add("Cache-Control", "no-store")
        return response
    }

    private func authorize(_ request: Request) throws {
        if let token = metricsToken, let header = request.headers["authorization"],
            Crypto.constantTimeEquals(Array(header.utf8), Array("Bearer \(token)".utf8))
        {
            return
        }
        guard case .apiKey = try authenticator.identify(headers: request.headers) else {
            throw Authenticator.Failure(detail: "Metrics need the API key or the metrics token")
        }
    }

    /// Everything, family by family.
    /// - Parameter figures: the queue's figures; nil when the database could not be read (no queue samples).
    func exposition(queue figures: JobFigures?) -> PrometheusText {
        var text = PrometheusText()
        http.write(into: &text)
        text.family("http_connections_open", "gauge", "HTTP connections open (WebSocket ones included).")
        text.sample("http_connections_open", UInt64(max(0, connections())))
        if let figures {
            text.family("analysis_jobs", "gauge", "Analysis jobs by state, across every worker process.")
            text.sample("analysis_jobs", UInt64(max(0, figures.queued)), labels: [("state", "queued")])
            text.sample("analysis_jobs", UInt64(max(0, figures.running)), labels: [("state", "running")])
            text.family("analysis_jobs_oldest_queued_age_seconds", "gauge", "Age of the oldest waiting analysis job.")
            text.sample("analysis_jobs_oldest_queued_age_seconds", UInt64(max(0, figures.oldestQueuedAgeSeconds)))
        }
        text.family("analysis_workers_busy", "gauge", "Analysis jobs this process is running.")
        text.sample("analysis_workers_busy", UInt64(queue.runningCount))
        services.write(into: &text)
        process.write(into: &text)
        return text
    }
}
