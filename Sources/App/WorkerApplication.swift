public import Database
import Foundation
public import Logging

/// The `audio-server worker` process: the database, the services and the
/// analysis pool, with no HTTP listener. It shares the database (and the
/// media volume or bucket) with `serve` replicas and takes jobs by lease, so
/// any number of workers can run beside them.
public final class WorkerApplication: Sendable {
    /// The configuration, with the worker's pool size.
    public let config: AppConfig
    /// The database (shared with the web replicas).
    public let database: any SQLDatabase
    private let logger: Logger
    let services: AppServices
    let queue: AnalysisQueue

    /// Opens and migrates the database (as `serve` does) and wires the pool.
    /// - Parameter config: a configuration from `AppConfig.forWorkerCommand()` (at least one worker).
    /// - Throws: when the database cannot be opened or migrated.
    public static func boot(config: AppConfig, logger: Logger) async throws -> WorkerApplication {
        let database = try await Application.openMigratedDatabase(config: config, logger: logger)
        let worker = WorkerApplication(config: config, database: database, logger: logger)
        // Progress reaches every web replica through the hub; NOTIFY analysis_jobs wakes the pool.
        // No chat socket here, so the replicas' and other workers' events are not received.
        await worker.services.startEvents(wakingWorkersOf: worker.queue, receivingTrackEvents: false)
        return worker
    }

    init(config: AppConfig, database: any SQLDatabase, logger: Logger) {
        self.config = config
        self.database = database
        self.logger = logger
        services = AppServices(config: config, database: database, logger: logger)
        queue = AnalysisQueue(services: services)
    }

    /// Starts claiming jobs.
    public func start() {
        queue.start()
        logger.info(
            "worker started",
            metadata: [
                "workers": "\(config.analysis.workers)", "lease_seconds": "\(config.analysis.leaseSeconds)",
                "version": "\(AppVersion.current)",
            ])
    }

    /// Stops claiming, lets running jobs finish within SHUTDOWN_GRACE_SECONDS
    /// (releasing the rest to other workers), then closes the database.
    public func shutdown() async {
        logger.info("shutting down", metadata: ["grace_seconds": "\(config.server.shutdownGraceSeconds)"])
        await queue.stop()
        // After the workers: their last events still go out. Before the database: the hub sends through it.
        await services.stopEvents()
        await database.close()
        logger.info("stopped")
    }
}
