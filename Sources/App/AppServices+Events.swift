import Database
import Logging

extension AppServices {
    /// The event hub the database calls for: across replicas through a Postgres listener,
    /// in process with SQLite (one process owns a SQLite file).
    static func eventHub(config: AppConfig, database: any Database, logger: Logger) -> (any EventHub, PostgresListener?) {
        guard database.dialect == .postgres, case .postgres(let info) = config.databaseURL else {
            return (InProcessEventHub(), nil)
        }
        let listener = PostgresListener(info: info, options: config.databaseOptions, logger: logger)
        return (PostgresEventHub(database: database, listener: listener, logger: logger), listener)
    }
}
