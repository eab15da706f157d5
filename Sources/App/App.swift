import Foundation
public import Logging
import HTTPServer

/// The whole application wired together: configuration, routes, services and
/// the HTTP server. The executable only parses the command line and calls this.
public final class App: Sendable {
    public let config: AppConfig
    private let logger: Logger
    private let server: HTTPServer
    /// The responder, also called in-process by tests.
    let router: Router
    /// The health checks; later components register theirs.
    public let health: HealthMonitor
    private let io: BlockingExecutor

    /// Extensions accepted for uploads (API.md), in the order the error message lists them.
    public static let allowedExtensions = [".aif", ".aiff", ".flac", ".m4a", ".mp3", ".ogg", ".opus", ".wav", ".webm"]

    /// Builds the application; reads Public/ and prepares MEDIA_ROOT.
    /// - Throws: when MEDIA_ROOT cannot be created or Public/ cannot be read.
    public init(config: AppConfig, logger: Logger) throws {
        self.config = config
        self.logger = logger
        io = BlockingExecutor(label: "file-io", width: 4)
        health = HealthMonitor()
        try FileManager.default.createDirectory(at: config.mediaRoot, withIntermediateDirectories: true)
        let statics = try StaticFiles(root: config.publicDir)
        health.register(MediaWritableCheck(mediaRoot: config.mediaRoot, io: io))
        health.register(DiskSpaceCheck(mediaRoot: config.mediaRoot, minimumFreeMB: config.minFreeDiskMB, io: io))

        let healthRoutes = HealthRoutes(
            monitor: health, config: config, startedAt: .now, allowedExtensions: Self.allowedExtensions)
        var middlewares: [any Middleware] = [SecurityHeadersMiddleware(), AllowedHostsMiddleware(allowed: config.allowedHosts)]
        if config.secureSSLRedirect { middlewares.append(SSLRedirectMiddleware()) }
        if !config.corsAllowedOrigins.isEmpty { middlewares.append(CORSMiddleware(allowedOrigins: config.corsAllowedOrigins)) }
        router = Router(
            routes: healthRoutes.routes, middlewares: middlewares,
            fallback: .immediate { request, _ in
                guard let response = statics.response(for: request) else {
                    throw HTTPError(.notFound, message: "Not found")
                }
                return response
            },
            logger: logger)

        var serverConfig = HTTPServer.Configuration(host: config.host, port: config.port, eventLoops: config.eventLoops)
        serverConfig.timeouts = HTTPServer.Timeouts(
            header: config.headerTimeoutSeconds, idle: config.idleTimeoutSeconds, bodyInactivity: config.bodyTimeoutSeconds)
        serverConfig.onResponse = Self.accessLog(logger)
        server = HTTPServer(configuration: serverConfig, responder: router, logger: logger)
        logger.info("static files loaded", metadata: ["count": "\(statics.count)"])
    }

    /// One JSON line per request; the path never carries the query, where secrets travel.
    private static func accessLog(_ logger: Logger) -> @Sendable (AccessRecord) -> Void {
        { record in
            logger.info("request", metadata: [
                "method": "\(record.method)", "path": "\(record.path)", "status": "\(record.status)",
                "bytes": "\(record.bytes)", "duration_ms": "\((record.durationMilliseconds * 1000).rounded() / 1000)",
                "request_id": "\(record.requestID)", "remote": "\(record.remoteAddress)",
            ])
        }
    }

    /// Starts serving.
    /// - Returns: the bound port.
    @discardableResult
    public func start() throws -> Int {
        let port = try server.start()
        logger.info("listening", metadata: ["host": "\(config.host)", "port": "\(port)", "version": "\(AppVersion.current)"])
        return port
    }

    /// Stops accepting, lets in-flight requests finish within SHUTDOWN_GRACE_SECONDS, then stops.
    public func shutdown() async {
        logger.info("shutting down", metadata: ["grace_seconds": "\(config.shutdownGraceSeconds)"])
        await server.shutdown(grace: .milliseconds(Int(config.shutdownGraceSeconds * 1000)))
        logger.info("stopped")
    }
}
