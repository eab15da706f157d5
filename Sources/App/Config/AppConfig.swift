import HTTPServer

/// Everything the server reads from the environment, validated once at start, in one section per
/// concern. The only place that reads the environment (STYLE.md §2); each field names its variable
/// and unit.
public struct AppConfig: Sendable {
    /// DEBUG (default on, off on Railway): development keys allowed, errors verbose.
    public var debug: Bool
    public var server: ServerSettings
    public var database: DatabaseSettings
    public var security: SecuritySettings
    public var analysis: AnalysisSettings
    public var chat: ChatSettings
    public var logging: LoggingSettings
    public var storage: StorageSettings

    /// The development secret used when DEBUG is on and SECRET_KEY is unset.
    public static let developmentSecretKey = "dev-secret-key-not-for-production"
    /// The development API key used when DEBUG is on and API_KEY is unset.
    public static let developmentAPIKey = "dev-api-key"

    /// Reads and validates `environment`.
    /// - Throws: `ConfigError` naming the first invalid variable.
    public init(environment: [String: String]) throws {
        let env = Environment(values: environment)
        debug = try env.bool("DEBUG", default: env.string("RAILWAY_ENVIRONMENT") == nil)
        server = try ServerSettings(env)
        database = try DatabaseSettings(env)
        security = try SecuritySettings(env, debug: debug)
        analysis = try AnalysisSettings(env)
        chat = try ChatSettings(env)
        logging = try LoggingSettings(env, debug: debug)
        storage = try StorageSettings(env)
    }

    /// This configuration for `audio-server worker`: ANALYSIS_WORKERS defaults to
    /// every core (the process has no event loops to leave room for) and must be ≥ 1;
    /// BATCH_SCHEDULING defaults to false.
    /// - Throws: `ConfigError` when ANALYSIS_WORKERS is 0.
    public func forWorkerCommand() throws -> AppConfig {
        var config = self
        config.analysis.workers = analysis.workersSetting ?? min(64, System.coreCount)
        // SCHED_BATCH pays where event loops hand many socket events to each other. A worker's
        // hand-offs are few (its job's database round trips), and each one is on the job's path:
        // under batch policy a woken thread waits out the running thread's slice, which on busy
        // cores added ~9 ms to every job of two worker processes sharing two cores with Postgres.
        config.server.batchScheduling = server.batchSchedulingSetting ?? false
        guard config.analysis.workers >= 1 else {
            throw ConfigError(variable: "ANALYSIS_WORKERS", problem: "must be at least 1 for `worker` (0 is for a web-only `serve`)")
        }
        return config
    }
}
