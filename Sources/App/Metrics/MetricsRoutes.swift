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
    let queue: @Sendable () -> (pending: Int, running: Int)

    var routes: [Route] {
        [Route(.get, "/metrics", handler: .immediate { request, _ in
            try authorize(request)
            var response = Response(status: .ok, headers: ["Content-Type": PrometheusText.contentType],
                                    body: .bytes(Array(exposition().text.utf8)))
            response.headers.add("Cache-Control", "no-store")
            return response
        })]
    }

    private func authorize(_ request: Request) throws {
        if let token = metricsToken, let header = request.headers["authorization"],
           Crypto.constantTimeEquals(Array(header.utf8), Array("Bearer \(token)".utf8)) {
            return
        }
        guard case .apiKey = try authenticator.identify(headers: request.headers) else {
            throw Authenticator.Failure(detail: "Metrics need the API key or the metrics token")
        }
    }

    /// Everything, family by family.
    func exposition() -> PrometheusText {
        var text = PrometheusText()
        http.write(into: &text)
        text.family("http_connections_open", "gauge", "HTTP connections open (WebSocket ones included).")
        text.sample("http_connections_open", UInt64(max(0, connections())))
        let figures = queue()
        text.family("analysis_jobs", "gauge", "Analysis jobs by state.")
        text.sample("analysis_jobs", UInt64(max(0, figures.pending)), labels: [("state", "queued")])
        text.sample("analysis_jobs", UInt64(max(0, figures.running)), labels: [("state", "running")])
        services.write(into: &text)
        process.write(into: &text)
        return text
    }
}
