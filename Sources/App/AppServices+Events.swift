import Database
import Logging

extension AppServices {
    /// The event hub the database calls for: across replicas through a Postgres listener,
    /// in process with SQLite (one process owns a SQLite file).
    static func eventHub(config: AppConfig, database: any SQLDatabase, logger: Logger) -> (any EventHub, PostgresListener?) {
        guard database.dialect == .postgres, case .postgres(let info) = config.database.url else {
            return (InProcessEventHub(), nil)
        }
        let listener = PostgresListener(info: info, options: config.database.options, logger: logger)
        return (PostgresEventHub(database: database, listener: listener, logger: logger), listener)
    }

    /// Starts the hub and then the listener (which LISTENs on every channel asked for by then),
    /// before any analysis publishes. When this process analyses, a `NOTIFY analysis_jobs` from
    /// any process wakes one of its idle workers (and a reconnection wakes one to look: jobs may
    /// have been queued meanwhile). A listener that cannot connect yet keeps retrying; /health/ says so.
    /// - Parameter receivingTrackEvents: whether other processes' track events are delivered here;
    ///   a `worker` process has no chat sockets to deliver them to, so it only sends its own.
    func startEvents(wakingWorkersOf queue: AnalysisQueue, receivingTrackEvents: Bool = true) async {
        if receivingTrackEvents { await events.start() }
        guard let listener else { return }
        if queue.workerCount > 0 {
            let wakeups = queue.wakeups
            _ = await listener.listen(on: DatabaseJobSource.notificationChannel) { _ in wakeups.signal() }
        }
        if !(await listener.start()) {
            logger.warning("event listener not connected yet; retrying in the background")
        }
    }

    /// Sends the events still queued (briefly) and closes the listener; the database stays open.
    func stopEvents() async {
        await events.shutdown()
        await listener?.close()
    }
}
