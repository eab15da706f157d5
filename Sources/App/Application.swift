import AudioAnalysis
public import Database
import Foundation
import HTTPServer
public import Logging
import Synchronization

/// The whole application wired together: configuration, routes, services and
/// the HTTP server. The executable only parses the command line and calls this.
public final class Application: Sendable {
    public let config: AppConfig
    private let logger: Logger
    private let server: Server
    /// The responder, also called in-process by tests.
    let router: Router
    /// The route table, as the router and the OpenAPI document see it.
    let routes: [Route]
    /// The health checks; later components register theirs.
    let health: HealthMonitor
    let services: AppServices
    /// The analysis worker pool.
    let queue: AnalysisQueue
    private let demoExpiry: DemoExpiry

    /// Extensions accepted for uploads (API.md), in the order the error message lists them.
    static let allowedExtensions = [".aif", ".aiff", ".flac", ".m4a", ".mp3", ".ogg", ".opus", ".wav", ".webm"]
    /// Extensions only ffmpeg decodes (libsndfile cannot): advertised only when FFMPEG_PATH is set.
    static let ffmpegOnlyExtensions: Set<String> = [".m4a", ".webm"]

    /// The extensions this server can decode as configured, which `/api/health/` advertises to the page.
    static func decodableExtensions(_ config: AppConfig) -> [String] {
        config.analysis.ffmpegPath == nil ? allowedExtensions.filter { !ffmpegOnlyExtensions.contains($0) } : allowedExtensions
    }

    /// The database (SQLite or Postgres, by DATABASE_URL).
    public let database: any SQLDatabase

    /// Opens the database, applies pending migrations (unless MIGRATE_ON_START is false) and wires everything.
    /// - Throws: when the database cannot be opened or migrated, MEDIA_ROOT cannot be created or Public/ read.
    public static func boot(config: AppConfig, logger: Logger) async throws -> Application {
        let database = try await openMigratedDatabase(config: config, logger: logger)
        do {
            let app = try Application(config: config, database: database, logger: logger)
            await app.services.startEvents(wakingWorkersOf: app.queue)
            do {
                try await app.recover()
            } catch {
                await app.services.stopEvents()
                throw error
            }
            return app
        } catch {
            await database.close()
            throw error
        }
    }

    /// Wires the application around an open, migrated database.
    init(config: AppConfig, database: any SQLDatabase, logger: Logger) throws {
        self.config = config
        self.logger = logger
        self.database = database
        let services = AppServices(config: config, database: database, logger: logger)
        self.services = services
        // Jobs queued by another process wake these workers through `NOTIFY analysis_jobs` (startEvents).
        queue = AnalysisQueue(services: services)
        demoExpiry = DemoExpiry(services: services)
        health = HealthMonitor()
        let statics: StaticFiles
        do {
            statics = try StaticFiles(root: config.server.publicDir)
        } catch let error as POSIXError {
            throw ConfigError(
                variable: "PUBLIC_DIR",
                problem: "cannot read the folder \(config.server.publicDir.path) (\(String(cString: strerror(error.code.rawValue))))"
            )
        }
        health.register(DatabaseHealthCheck(database: database))
        if let bucket = services.bucket {
            // No volume holds media then: `media` (a writable MEDIA_ROOT) would report on a folder
            // nothing uses. `disk` still matters: probes and analyses download to the temporary directory.
            health.register(BucketHealthCheck(client: bucket))
        } else {
            try FileManager.default.createDirectory(at: config.storage.mediaRoot, withIntermediateDirectories: true)
            health.register(MediaWritableCheck(mediaRoot: config.storage.mediaRoot, io: services.io))
        }
        health.register(DiskSpaceCheck(mediaRoot: services.scratchRoot, minimumFreeMB: config.storage.minFreeDiskMB, io: services.io))
        health.register(AnalysisQueueHealthCheck(queue: queue))
        if let listener = services.listener { health.register(ListenerHealthCheck(listener: listener)) }
        let authorize: @Sendable (Request) async throws -> Identity = { request in
            try await services.authGuard.authorize(request)
        }
        let probe: @Sendable (URL) throws -> SourceInfo = {
            [
                decoder = SndFileDecoder(
                    options: DecoderOptions(
                        maxSeconds: config.analysis.maxAudioSeconds, ffmpegPath: config.analysis.ffmpegPath))
            ] url in try decoder.probe(url: url)
        }

        let healthRoutes = HealthRoutes(
            monitor: health, config: config, startedAt: .now, allowedExtensions: Self.decodableExtensions(config))
        let securityHeaders = SecurityHeadersMiddleware(
            contentSecurityPolicy: config.security.contentSecurityPolicy
                ?? SecurityHeadersMiddleware.defaultContentSecurityPolicy(mediaOrigins: config.storage.objectStorage.map { [$0.origin] } ?? []))
        var middlewares: [any Middleware] = [securityHeaders, AllowedHostsMiddleware(allowed: config.security.allowedHosts)]
        if config.security.secureSSLRedirect { middlewares.append(SSLRedirectMiddleware()) }
        if !config.security.corsAllowedOrigins.isEmpty { middlewares.append(CORSMiddleware(allowedOrigins: config.security.corsAllowedOrigins)) }
        // One line per route group (API.md's resources).
        var routes =
            healthRoutes.routes
            + AuthRoutes(services: services).routes
            + TrackRoutes(services: services, queue: queue, authorize: authorize, probe: probe).routes
            + FragmentRoutes(services: services, queue: queue, authorize: authorize).routes
            + (try ChatSocket(services: services, queue: queue).routes)
            + MCPRoutes(services: services, queue: queue).routes
        // The server is built after the router, so the scrape reaches it through a reference set below.
        let serverReference = LateServerReference()
        let httpMetrics = HTTPMetrics(routePatterns: routes.map(\.pattern.description) + ["/metrics", OpenAPIRoutes.path])
        if config.logging.metricsEnabled {
            routes +=
                MetricsRoutes(
                    http: httpMetrics, services: services.metrics, process: ProcessMetrics(startTimeSeconds: Date().timeIntervalSince1970),
                    metricsToken: config.security.metricsToken, authenticator: services.authenticator,
                    connections: { [serverReference] in serverReference.server.withLock { $0?.openConnections() ?? 0 } },
                    queue: queue
                ).routes
        }
        let openAPI = OpenAPIRoutes(documenting: routes, version: AppVersion.current)
        self.routes = routes + openAPI.routes
        middlewares.append(AppendSlashMiddleware(routes: self.routes))
        router = Router(
            routes: self.routes, middlewares: middlewares,
            fallback: .immediate { request, _ in
                guard let response = statics.response(for: request) else {
                    throw AppError.notFound()
                }
                return response
            },
            logger: logger)

        var serverConfig = Server.Configuration(host: config.server.host, port: config.server.port, eventLoops: config.server.eventLoops)
        serverConfig.timeouts = Server.Timeouts(
            header: config.server.headerTimeoutSeconds, idle: config.server.idleTimeoutSeconds, bodyInactivity: config.server.bodyTimeoutSeconds)
        let accessLog = Self.accessLog(logger)
        serverConfig.onResponse =
            config.logging.metricsEnabled
            ? { [httpMetrics] record in
                httpMetrics.record(record)
                accessLog(record)
            } : accessLog
        let server = Server(configuration: serverConfig, responder: router, logger: logger)
        self.server = server
        serverReference.server.withLock { $0 = server }
        logger.info("static files loaded", metadata: ["count": "\(statics.count)"])
    }

    /// Opens the database and applies pending migrations (unless MIGRATE_ON_START is false).
    /// - Throws: when the database cannot be opened or migrated (it is closed again then).
    static func openMigratedDatabase(config: AppConfig, logger: Logger) async throws -> any SQLDatabase {
        let database = try await openDatabase(url: config.database.url, options: config.database.options, logger: logger)
        do {
            if config.database.migrateOnStart {
                let applied = try await Migrator(source: config.database.migrations, logger: logger).migrate(database)
                for migration in applied { logger.info("migration applied", metadata: ["file": "\(migration.fileName)"]) }
            }
            return database
        } catch {
            await database.close()
            throw error
        }
    }

    /// Removes leftovers of a crash (`.part` files, files no row refers to) and
    /// starts the workers. Work a crash left unfinished needs nothing here: its
    /// jobs are still queued, or running under a lease that lapses.
    private func recover() async throws {
        let referenced = try await services.tracks.mediaFilenames().union(try await services.fragments.audioPaths())
        let removed = await services.media.removeOrphans(keeping: referenced)
        if removed > 0 { logger.info("removed orphaned media files", metadata: ["count": "\(removed)"]) }
        queue.start()
    }

    /// One JSON line per request, including those the client abandoned (`"aborted":"true"`);
    /// the path never carries the query, where secrets travel.
    private static func accessLog(_ logger: Logger) -> @Sendable (AccessRecord) -> Void {
        { record in
            // Only when the line is written: below LOG_LEVEL=info the metadata cost more than the route.
            guard logger.logLevel <= .info else { return }
            var metadata: Logger.Metadata = [
                "method": "\(record.method)", "path": "\(record.path)", "status": "\(record.status)",
                "bytes": "\(record.bytes)", "duration_ms": "\((record.durationMilliseconds * 1000).rounded() / 1000)",
                "request_id": "\(record.requestID)", "remote": "\(record.remoteAddress)",
            ]
            if record.aborted { metadata["aborted"] = "true" }
            logger.info("request", metadata: metadata)
        }
    }

    /// Starts serving.
    /// - Returns: the bound port.
    @discardableResult
    public func start() throws -> Int {
        let port = try server.start()
        demoExpiry.start()
        logger.info("listening", metadata: ["host": "\(config.server.host)", "port": "\(port)", "version": "\(AppVersion.current)"])
        return port
    }

    /// Stops accepting, lets in-flight requests finish within SHUTDOWN_GRACE_SECONDS, then stops.
    public func shutdown() async {
        logger.info("shutting down", metadata: ["grace_seconds": "\(config.server.shutdownGraceSeconds)"])
        await server.shutdown(grace: .milliseconds(Int(config.server.shutdownGraceSeconds * 1000)))
        await demoExpiry.stop()
        await queue.stop()
        // After the workers: their last events still go out. Before the database: the hub sends through it.
        await services.stopEvents()
        await database.close()
        logger.info("stopped")
    }
}

/// The HTTP server, set once it exists: the metrics route is built before it.
private final class LateServerReference: Sendable {
    let server = Mutex<Server?>(nil)
}
