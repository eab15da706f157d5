public import Database
public import Foundation
import HTTPServer
public import Logging

/// Everything the server reads from the environment, validated once at start.
/// The only place that reads the environment (STYLE.md §2).
public struct AppConfig: Sendable {
    public var host: String
    public var port: Int
    public var eventLoops: Int
    /// Run the server's threads under SCHED_BATCH (see `ThreadScheduling`).
    public var batchScheduling: Bool
    public var databaseURL: DatabaseURL
    public var databaseOptions: DatabaseOptions
    /// MIGRATIONS_DIR when set, else the migrations compiled into the binary.
    public var migrations: MigrationSource
    public var mediaRoot: URL
    /// The bucket media lives in (AWS_STORAGE_BUCKET_NAME and the other AWS_* variables); nil:
    /// media on MEDIA_ROOT.
    public var objectStorage: S3Configuration?
    public var publicDir: URL
    public var debug: Bool
    public var secretKey: String
    public var apiKey: String
    public var allowedHosts: [String]
    public var corsAllowedOrigins: [String]
    public var secureSSLRedirect: Bool
    public var maxUploadMB: Int
    public var maxAudioSeconds: Double
    /// ANALYSIS_WORKERS: concurrent analysis jobs in this process; 0 for `serve` on a web-only replica.
    public var analysisWorkers: Int
    /// ANALYSIS_WORKERS as set, or nil: `worker` defaults to every core, `serve` leaves one to the event loops.
    public var analysisWorkersSetting: Int?
    /// ANALYSIS_LEASE_SECONDS: how long a claimed job stays with its worker without a heartbeat (default 60).
    public var analysisLeaseSeconds: Double
    /// ANALYSIS_MAX_ATTEMPTS: attempts before a job fails for good, a lapsed lease included (default 3).
    public var analysisMaxAttempts: Int
    /// JOB_POLL_SECONDS: how often idle workers look for due jobs without a wake-up (default 5).
    public var jobPollSeconds: Double
    public var ffmpegPath: String?
    public var llmModel: String
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    public var shutdownGraceSeconds: Double
    public var minFreeDiskMB: Int
    public var migrateOnStart: Bool
    public var trustedProxies: [String]
    public var demoRequestLimit: Int
    public var demoTTLHours: Double
    /// ACCESS_TOKEN_MINUTES: a person's access token lifetime (default 60).
    public var accessTokenMinutes: Int
    /// DEMO_ACCESS_TOKEN_MINUTES: a demo user's access token lifetime; default the demo session's
    /// whole life (DEMO_TTL_HOURS), because the original client never refreshes.
    public var demoAccessTokenMinutes: Int
    /// REFRESH_TOKEN_DAYS: refresh token lifetime (default 7).
    public var refreshTokenDays: Int
    /// CHAT_MAX_SOCKETS_PER_USER: open chat sockets one user may hold (the API key is exempt).
    public var chatMaxSocketsPerUser: Int
    public var mediaURLTTLSeconds: Int
    public var googleAPIKey: String?
    public var anthropicAPIKey: String?
    public var openAIAPIKey: String?
    public var geminiBaseURL: String?
    public var anthropicBaseURL: String?
    public var openAIBaseURL: String?
    public var headerTimeoutSeconds: Double
    /// METRICS_TOKEN: a bearer token that may read `/metrics` besides the API key; nil: the API key only.
    public var metricsToken: String?
    /// METRICS (default true): record and serve `/metrics`; false turns both off (benchmarks measure the difference).
    public var metricsEnabled: Bool
    /// SENTRY_DSN: where error events go; nil sends nothing (and creates no URLSession).
    public var sentryDSN: SentryDSN?
    /// SENTRY_ENVIRONMENT, else RAILWAY_ENVIRONMENT, else `development` with DEBUG and `production` without.
    public var sentryEnvironment: String
    public var idleTimeoutSeconds: Double
    /// CONTENT_SECURITY_POLICY: the policy header sent on every response; nil: the strict built-in default.
    public var contentSecurityPolicy: String?
    public var bodyTimeoutSeconds: Double

    /// Access log and event line format.
    public enum LogFormat: String, Sendable { case json, text }

    /// The development secret used when DEBUG is on and SECRET_KEY is unset.
    public static let developmentSecretKey = "dev-secret-key-not-for-production"
    /// The development API key used when DEBUG is on and API_KEY is unset.
    public static let developmentAPIKey = "dev-api-key"

    /// Reads and validates `environment`.
    /// - Throws: `ConfigError` naming the first invalid variable.
    public init(environment: [String: String]) throws {
        let env = Environment(values: environment)
        let onRailway = env.string("RAILWAY_ENVIRONMENT") != nil
        debug = try env.bool("DEBUG", default: !onRailway)
        host = env.string("HOST", default: "0.0.0.0")
        port = try env.int("PORT", default: 8000, range: 1...65535)
        eventLoops = try env.int("EVENT_LOOPS", default: System.coreCount, range: 1...256)
        batchScheduling = try env.bool("BATCH_SCHEDULING", default: true)
        do {
            databaseURL = try DatabaseURL(parsing: env.string("DATABASE_URL", default: "sqlite:///data/db.sqlite3"))
        } catch {
            // The database layer's message never contains the password.
            throw ConfigError(variable: "DATABASE_URL", problem: "\(error)")
        }
        databaseOptions = DatabaseOptions(
            poolSize: try env.int("DB_POOL_SIZE", default: 10, range: 1...200),
            statementTimeout: .milliseconds(try env.int("DB_STATEMENT_TIMEOUT_MS", default: 15_000, range: 100...3_600_000)))
        migrations = env.string("MIGRATIONS_DIR").map { .directory(URL(fileURLWithPath: $0)) } ?? .files(EmbeddedMigrations.files)
        mediaRoot = URL(fileURLWithPath: env.string("MEDIA_ROOT") ?? env.string("RAILWAY_VOLUME_MOUNT_PATH") ?? "data/uploads")
        objectStorage = try Self.objectStorage(env)
        publicDir = URL(fileURLWithPath: env.string("PUBLIC_DIR", default: "Public"))
        secretKey = try Self.secret(env, "SECRET_KEY", debug: debug, development: Self.developmentSecretKey)
        apiKey = try Self.secret(env, "API_KEY", debug: debug, development: Self.developmentAPIKey)
        var hosts = env.string("ALLOWED_HOSTS").map { _ in env.list("ALLOWED_HOSTS") } ?? ["localhost", "127.0.0.1"]
        if let railway = env.string("RAILWAY_PUBLIC_DOMAIN"), !hosts.contains(railway) { hosts.append(railway) }
        allowedHosts = hosts
        corsAllowedOrigins = env.list("CORS_ALLOWED_ORIGINS")
        secureSSLRedirect = try env.bool("SECURE_SSL_REDIRECT", default: false)
        maxUploadMB = try env.int("MAX_UPLOAD_MB", default: 100, range: 1...10_000)
        maxAudioSeconds = try env.double("MAX_AUDIO_SECONDS", default: 1800, range: 1...86_400)
        analysisWorkersSetting = try env.string("ANALYSIS_WORKERS").map { _ in try env.int("ANALYSIS_WORKERS", default: 0, range: 0...64) }
        analysisWorkers = analysisWorkersSetting ?? max(1, System.coreCount - 1)
        analysisLeaseSeconds = try env.double("ANALYSIS_LEASE_SECONDS", default: 60, range: 3...3600)
        analysisMaxAttempts = try env.int("ANALYSIS_MAX_ATTEMPTS", default: 3, range: 1...100)
        jobPollSeconds = try env.double("JOB_POLL_SECONDS", default: 5, range: 0.1...3600)
        ffmpegPath = env.string("FFMPEG_PATH")
        llmModel = env.string("LLM_MODEL", default: "local")
        logLevel = try Self.logLevel(env)
        guard let format = LogFormat(rawValue: env.string("LOG_FORMAT", default: "json").lowercased()) else {
            throw ConfigError(variable: "LOG_FORMAT", problem: "must be json or text")
        }
        logFormat = format
        shutdownGraceSeconds = try env.double("SHUTDOWN_GRACE_SECONDS", default: 10, range: 0...600)
        minFreeDiskMB = try env.int("MIN_FREE_DISK_MB", default: 200, range: 0...10_000_000)
        migrateOnStart = try env.bool("MIGRATE_ON_START", default: true)
        trustedProxies = env.list("TRUSTED_PROXIES")
        demoRequestLimit = try env.int("DEMO_REQUEST_LIMIT", default: 5, range: 0...1_000_000)
        demoTTLHours = try env.double("DEMO_TTL_HOURS", default: 24, range: 0.001...87_600)
        chatMaxSocketsPerUser = try env.int("CHAT_MAX_SOCKETS_PER_USER", default: 8, range: 1...10_000)
        accessTokenMinutes = try env.int("ACCESS_TOKEN_MINUTES", default: 60, range: 1...10_080)
        demoAccessTokenMinutes = try env.int(
            "DEMO_ACCESS_TOKEN_MINUTES", default: max(1, Int((demoTTLHours * 60).rounded())), range: 1...5_256_000)
        refreshTokenDays = try env.int("REFRESH_TOKEN_DAYS", default: 7, range: 1...365)
        mediaURLTTLSeconds = try env.int("MEDIA_URL_TTL", default: 3600, range: 1...31_536_000)
        googleAPIKey = env.string("GOOGLE_API_KEY")
        anthropicAPIKey = env.string("ANTHROPIC_API_KEY")
        openAIAPIKey = env.string("OPENAI_API_KEY")
        geminiBaseURL = env.string("GEMINI_BASE_URL")
        anthropicBaseURL = env.string("ANTHROPIC_BASE_URL")
        openAIBaseURL = env.string("OPENAI_BASE_URL")
        metricsToken = env.string("METRICS_TOKEN")
        metricsEnabled = try env.bool("METRICS", default: true)
        sentryDSN = try env.string("SENTRY_DSN").map(SentryDSN.init(parsing:))
        sentryEnvironment = env.string("SENTRY_ENVIRONMENT") ?? env.string("RAILWAY_ENVIRONMENT") ?? (debug ? "development" : "production")
        headerTimeoutSeconds = try env.double("HTTP_HEADER_TIMEOUT_SECONDS", default: 10, range: 0.05...3600)
        idleTimeoutSeconds = try env.double("HTTP_IDLE_TIMEOUT_SECONDS", default: 60, range: 0.05...3600)
        bodyTimeoutSeconds = try env.double("HTTP_BODY_TIMEOUT_SECONDS", default: 30, range: 0.05...3600)
        contentSecurityPolicy = try Self.contentSecurityPolicy(env)
    }

    /// This configuration for `audio-server worker`: ANALYSIS_WORKERS defaults to
    /// every core (the process has no event loops to leave room for) and must be ≥ 1.
    /// - Throws: `ConfigError` when ANALYSIS_WORKERS is 0.
    public func forWorkerCommand() throws -> AppConfig {
        var config = self
        config.analysisWorkers = analysisWorkersSetting ?? min(64, System.coreCount)
        guard config.analysisWorkers >= 1 else {
            throw ConfigError(variable: "ANALYSIS_WORKERS", problem: "must be at least 1 for `worker` (0 is for a web-only `serve`)")
        }
        return config
    }

    /// A secret is required outside DEBUG, and must not be the development value there.
    private static func secret(_ env: Environment, _ name: String, debug: Bool, development: String) throws -> String {
        if let value = env.string(name) {
            if !debug && value == development {
                throw ConfigError(variable: name, problem: "is the development default; set a real secret when DEBUG is false")
            }
            return value
        }
        guard debug else { throw ConfigError(variable: name, problem: "is required when DEBUG is false") }
        return development
    }

    /// A header value must be one line of printable ASCII (an empty value means the default).
    private static func contentSecurityPolicy(_ env: Environment) throws -> String? {
        guard let policy = env.string("CONTENT_SECURITY_POLICY") else { return nil }
        guard policy.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) else {
            throw ConfigError(variable: "CONTENT_SECURITY_POLICY", problem: "must be a single line of printable ASCII")
        }
        return policy
    }

    private static func logLevel(_ env: Environment) throws -> Logger.Level {
        let text = env.string("LOG_LEVEL", default: "info").lowercased()
        let level: Logger.Level? =
            switch text {
            case "warn": .warning
            case "fatal": .critical
            default: Logger.Level(rawValue: text)
            }
        guard let level else {
            throw ConfigError(variable: "LOG_LEVEL", problem: "must be one of trace, debug, info, notice, warning, error, critical")
        }
        return level
    }
}
