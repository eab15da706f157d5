import Foundation
import HTTPServer
import Logging

/// `/api/auth/login/`, `/api/auth/demo/` and `/api/auth/refresh/` (API.md "Authentication").
struct AuthRoutes {
    /// Largest JSON body accepted: credentials are tiny, so anything bigger is not a client of ours.
    static let maxBodyBytes = 16 * 1024

    /// Per-client-address limits: a token bucket of `burst` refilled at `perMinute`.
    struct Limits: Sendable {
        var loginBurst = 10
        var loginPerMinute = 10
        var demoBurst = 5
        var demoPerMinute = 1
    }

    let services: AppServices
    let issuer: TokenIssuer
    let hasher: PasswordHasher
    private let limits: Limits
    private let loginLimiter: RateLimiter
    private let demoLimiter: RateLimiter

    /// Auth routes over `services`; `hasher` sets the strength of the decoy hash for unknown addresses.
    init(services: AppServices, hasher: PasswordHasher = PasswordHasher(), limits: Limits = Limits()) {
        self.services = services
        self.hasher = hasher
        self.limits = limits
        issuer = TokenIssuer(tokens: services.authenticator.tokens, lifetimes: TokenIssuer.Lifetimes(services.config))
        loginLimiter = RateLimiter(burst: limits.loginBurst, perMinute: limits.loginPerMinute)
        demoLimiter = RateLimiter(burst: limits.demoBurst, perMinute: limits.demoPerMinute)
    }

    var routes: [Route] {
        [
            Route(
                .post, "/api/auth/login/", maxBodyBytes: Self.maxBodyBytes,
                handler: .async { request, _ in
                    try await login(request)
                }),
            Route(
                .post, "/api/auth/demo/", maxBodyBytes: Self.maxBodyBytes,
                handler: .async { request, _ in
                    try await demo(request)
                }),
            Route(
                .post, "/api/auth/refresh/", maxBodyBytes: Self.maxBodyBytes,
                handler: .async { request, _ in
                    try await refresh(request)
                }),
        ]
    }

    // MARK: Login

    private struct Credentials: Decodable {
        let email: String?
        let password: String?
    }

    private struct LoginBody: Encodable {
        let access: String
        let refresh: String
        let is_demo: Bool
    }

    private func login(_ request: Request) async throws -> Response {
        try checkRate(request, loginLimiter, perMinute: limits.loginPerMinute)
        let credentials = try await decode(Credentials.self, from: request)
        guard let email = credentials?.email?.trimmingCharacters(in: .whitespaces), !email.isEmpty,
            let password = credentials?.password, !password.isEmpty
        else {
            throw AppError.badRequest("Email and password required")
        }
        let user = email.utf8.count <= 254 ? try await services.users.find(email: email) : nil
        let hasher = hasher
        let matches = await services.hashing.run {
            guard let user else {
                // No account: spend one full-strength hash anyway, so response time does not tell which addresses exist.
                _ = hasher.encode(password, salt: "decoy-salt-unknown-user", iterations: hasher.iterations)
                return false
            }
            return hasher.verify(password, against: user.passwordHash)
        }
        guard let user, matches else { throw AppError.invalidCredentials("Invalid credentials") }
        let pair = issuer.issue(userID: user.id, isDemo: user.isDemo)
        return .json(LoginBody(access: pair.access, refresh: pair.refresh, is_demo: user.isDemo))
    }

    // MARK: Demo

    private struct DemoBody: Encodable {
        let access: String
        let refresh: String
        let is_demo = true
        let request_limit: Int
    }

    private func demo(_ request: Request) async throws -> Response {
        try checkRate(request, demoLimiter, perMinute: limits.demoPerMinute)
        // The body carries nothing we use, but it is still read within its bound.
        _ = try await request.body.collect(upTo: Self.maxBodyBytes)
        let limit = services.config.security.demoRequestLimit
        let user = try await services.users.create(
            email: "demo-\(Crypto.hex(Crypto.randomBytes(12)))@demo.invalid",
            // Django's unusable-password form: "!" never parses as a hash, so no password matches it.
            passwordHash: "!" + Crypto.base64URL(Crypto.randomBytes(30)),
            isDemo: true, requestLimit: limit, createdAt: Date())
        services.logger.info("demo user created", metadata: ["user_id": "\(user.id)"])
        let pair = issuer.issue(userID: user.id, isDemo: true)
        return .json(DemoBody(access: pair.access, refresh: pair.refresh, request_limit: limit))
    }

    // MARK: Refresh

    private struct RefreshRequest: Decodable {
        let refresh: String?
    }

    private func refresh(_ request: Request) async throws -> Response {
        guard let token = try await decode(RefreshRequest.self, from: request)?.refresh, !token.isEmpty else {
            throw AppError.badRequest("Refresh token required")
        }
        // Every way a token can fail gets the same answer: the reason would only help a forger.
        let invalid = AppError.invalidCredentials("Invalid refresh token")
        guard let id = try? issuer.verifyRefresh(token) else { throw invalid }
        let user: User
        do {
            user = try await services.authGuard.liveUser(id: id)
        } catch is Authenticator.Failure {
            throw invalid
        }
        return .json(["access": issuer.access(userID: user.id, isDemo: user.isDemo)])
    }

    // MARK: Shared

    /// The body decoded as `T` from JSON, or from a form (`application/x-www-form-urlencoded`,
    /// which the original app's views also read); nil when it is neither of that shape.
    /// - Throws: `HTTPError(.contentTooLarge)` past `maxBodyBytes`.
    private func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T? {
        let bytes = try await request.body.collect(upTo: Self.maxBodyBytes)
        var json = Data(bytes)
        if request.headers["content-type"]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true {
            let text = String(decoding: bytes, as: UTF8.self)
            var fields: [String: String] = [:]
            for (name, value) in FormURLEncoded.decode(text[...]) where fields[name] == nil { fields[name] = value }
            guard let encoded = try? JSONEncoder().encode(fields) else { return nil }
            json = encoded
        }
        // A decoding failure is the client's malformed body; the caller answers 400 or 401.
        return try? JSONDecoder().decode(T.self, from: json)
    }

    /// Takes one token from `limiter` for the request's client address.
    private func checkRate(_ request: Request, _ limiter: RateLimiter, perMinute: Int) throws {
        let client = services.clientAddress.resolve(
            remote: request.remoteAddress, forwardedFor: request.headers["x-forwarded-for"])
        guard limiter.allow(client) else {
            throw RateLimitExceeded(retryAfterSeconds: Int((60.0 / Double(max(perMinute, 1))).rounded(.up)))
        }
    }
}
