import Foundation
import HTTPServer

/// `/health/` (Railway's probe) and `/api/health/` (limits the web app reads).
struct HealthRoutes {
    let monitor: HealthMonitor
    let config: AppConfig
    let startedAt: ContinuousClock.Instant
    let allowedExtensions: [String]

    var routes: [Route] {
        [
            Route(.get, "/health/", handler: .deferrable { _, _ in
                if let snapshot = monitor.freshSnapshot() { return .now(response(snapshot)) }
                return .later { response(await monitor.snapshot()) }
            }),
            Route(.get, "/api/health/", handler: .immediate { _, _ in apiHealth }),
        ]
    }

    private struct Body: Encodable {
        let status: String
        let version: String
        let uptime_seconds: Int
        let checks: [String: HealthResult]
    }

    private func response(_ snapshot: HealthMonitor.Snapshot) -> Response {
        let uptime = Int((ContinuousClock.now - startedAt).components.seconds)
        let body = Body(
            status: snapshot.healthy ? "healthy" : "unhealthy", version: AppVersion.current, uptime_seconds: uptime,
            checks: snapshot.results)
        var response = Response.json(body, status: snapshot.healthy ? .ok : .serviceUnavailable)
        response.headers.add("Cache-Control", "no-store")
        return response
    }

    private struct APIHealth: Encodable {
        let status = "ok"
        let version = AppVersion.current
        let agents: [String]
        let max_upload_mb: Int
        let allowed_extensions: [String]
        let llm_model: String
    }

    private var apiHealth: Response {
        .json(APIHealth(
            agents: ["spectral", "temporal", "rhythm"], max_upload_mb: config.maxUploadMB,
            allowed_extensions: allowedExtensions, llm_model: config.llmModel))
    }
}
