import Foundation

extension AppConfig {
    /// Keys, tokens, the hosts and origins the server answers, and the demo budget.
    public struct SecuritySettings: Sendable {
        /// SECRET_KEY: signs tokens and media URLs; required outside DEBUG.
        public var secretKey: String
        /// API_KEY: the `X-API-Key` that acts for every owner; required outside DEBUG.
        public var apiKey: String
        /// ALLOWED_HOSTS (comma-separated; default localhost, 127.0.0.1), plus RAILWAY_PUBLIC_DOMAIN.
        public var allowedHosts: [String]
        /// CORS_ALLOWED_ORIGINS (comma-separated; default none).
        public var corsAllowedOrigins: [String]
        /// SECURE_SSL_REDIRECT (default false): plain-http requests get 301 to https.
        public var secureSSLRedirect: Bool
        /// TRUSTED_PROXIES (comma-separated addresses): whose X-Forwarded-For names the client.
        public var trustedProxies: [String]
        /// CONTENT_SECURITY_POLICY: the policy header sent on every response; nil: the strict built-in default.
        public var contentSecurityPolicy: String?
        /// ACCESS_TOKEN_MINUTES (default 60): a person's access token lifetime.
        public var accessTokenMinutes: Int
        /// DEMO_ACCESS_TOKEN_MINUTES: a demo user's access token lifetime; default the demo session's
        /// whole life (DEMO_TTL_HOURS), because the original client never refreshes.
        public var demoAccessTokenMinutes: Int
        /// REFRESH_TOKEN_DAYS (default 7): refresh token lifetime.
        public var refreshTokenDays: Int
        /// DEMO_REQUEST_LIMIT (default 5): counted API requests a demo user may make.
        public var demoRequestLimit: Int
        /// DEMO_TTL_HOURS (default 24): hours a demo user lives.
        public var demoTTLHours: Double
        /// METRICS_TOKEN: a bearer token that may read `/metrics` besides the API key; nil: the API key only.
        public var metricsToken: String?

        init(_ env: Environment, debug: Bool) throws {
            secretKey = try Self.secret(env, "SECRET_KEY", debug: debug, development: AppConfig.developmentSecretKey)
            apiKey = try Self.secret(env, "API_KEY", debug: debug, development: AppConfig.developmentAPIKey)
            var hosts = env.string("ALLOWED_HOSTS").map { _ in env.list("ALLOWED_HOSTS") } ?? ["localhost", "127.0.0.1"]
            if let railway = env.string("RAILWAY_PUBLIC_DOMAIN"), !hosts.contains(railway) { hosts.append(railway) }
            allowedHosts = hosts
            corsAllowedOrigins = env.list("CORS_ALLOWED_ORIGINS")
            secureSSLRedirect = try env.bool("SECURE_SSL_REDIRECT", default: false)
            trustedProxies = env.list("TRUSTED_PROXIES")
            contentSecurityPolicy = try Self.contentSecurityPolicy(env)
            demoRequestLimit = try env.int("DEMO_REQUEST_LIMIT", default: 5, range: 0...1_000_000)
            demoTTLHours = try env.double("DEMO_TTL_HOURS", default: 24, range: 0.001...87_600)
            accessTokenMinutes = try env.int("ACCESS_TOKEN_MINUTES", default: 60, range: 1...10_080)
            demoAccessTokenMinutes = try env.int(
                "DEMO_ACCESS_TOKEN_MINUTES", default: max(1, Int((demoTTLHours * 60).rounded())), range: 1...5_256_000)
            refreshTokenDays = try env.int("REFRESH_TOKEN_DAYS", default: 7, range: 1...365)
            metricsToken = env.string("METRICS_TOKEN")
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
    }
}
