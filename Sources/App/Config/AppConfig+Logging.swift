public import Logging

extension AppConfig {
    /// Logs, metrics and error reports.
    public struct LoggingSettings: Sendable {
        /// LOG_LEVEL (default info): trace, debug, info, notice, warning, error or critical.
        public var level: Logger.Level
        /// LOG_FORMAT (default json): access log and event line format.
        public var format: LogFormat
        /// METRICS (default true): record and serve `/metrics`; false turns both off (benchmarks measure the difference).
        public var metricsEnabled: Bool
        /// SENTRY_DSN: where error events go; nil sends nothing (and creates no URLSession).
        public var sentryDSN: SentryDSN?
        /// SENTRY_ENVIRONMENT, else RAILWAY_ENVIRONMENT, else `development` with DEBUG and `production` without.
        public var sentryEnvironment: String

        init(_ env: Environment, debug: Bool) throws {
            level = try Self.logLevel(env)
            guard let format = LogFormat(rawValue: env.string("LOG_FORMAT", default: "json").lowercased()) else {
                throw ConfigError(variable: "LOG_FORMAT", problem: "must be json or text")
            }
            self.format = format
            metricsEnabled = try env.bool("METRICS", default: true)
            sentryDSN = try env.string("SENTRY_DSN").map(SentryDSN.init(parsing:))
            sentryEnvironment = env.string("SENTRY_ENVIRONMENT") ?? env.string("RAILWAY_ENVIRONMENT") ?? (debug ? "development" : "production")
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

    /// Access log and event line format.
    public enum LogFormat: String, Sendable { case json, text }
}
