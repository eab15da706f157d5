import AudioAnalysis
import Chat
import Foundation
import HTTPServer
import Synchronization

/// `/health/` (Railway's probe) and `/api/health/` (limits the web app reads).
struct HealthRoutes {
    let monitor: HealthMonitor
    let config: AppConfig
    let startedAt: ContinuousClock.Instant
    let allowedExtensions: [String]
    /// The last /health/ body, reused while neither the snapshot nor the uptime second changed.
    private let rendered = RenderedHealth()
    /// /api/health/ never changes while the process runs: encoded once.
    private let apiHealth: Response

    init(monitor: HealthMonitor, config: AppConfig, startedAt: ContinuousClock.Instant, allowedExtensions: [String]) {
        self.monitor = monitor
        self.config = config
        self.startedAt = startedAt
        self.allowedExtensions = allowedExtensions
        apiHealth = .json(
            APIHealth(
                agents: AnalysisAgents.all.map(\.name), max_upload_mb: config.storage.maxUploadMB,
                allowed_extensions: allowedExtensions, llm_model: config.chat.providers.model))
    }

    var routes: [Route] {
        [
            Route(
                .get, "/health/",
                handler: .deferrable { _, _ in
                    if let snapshot = monitor.freshSnapshot() { return .now(response(snapshot)) }
                    return .later { response(await monitor.snapshot()) }
                }),
            Route(.get, "/api/health/", handler: .immediate { [apiHealth] _, _ in apiHealth }),
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
        if let cached = rendered.last.withLock({ $0 }), cached.takenAt == snapshot.takenAt, cached.uptime == uptime {
            return cached.response
        }
        let body = Body(
            status: snapshot.healthy ? "healthy" : "unhealthy", version: AppVersion.current, uptime_seconds: uptime,
            checks: snapshot.results)
        var response = Response.json(body, status: snapshot.healthy ? .ok : .serviceUnavailable)
        response.headers.add("Cache-Control", "no-store")
        rendered.last.withLock { $0 = (snapshot.takenAt, uptime, response) }
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
}

/// The last rendered /health/ response (a class: a Mutex cannot be copied with the routes).
private final class RenderedHealth: Sendable {
    let last = Mutex<(takenAt: ContinuousClock.Instant, uptime: Int, response: Response)?>(nil)
}
