import Foundation

/// Issues the access/refresh pairs of API.md "Authentication" and trades a
/// refresh token for a new access token.
struct TokenIssuer: Sendable {
    /// How long each kind of token lives, in seconds.
    struct Lifetimes: Sendable {
        /// A person's access token: 60 minutes (ACCESS_TOKEN_MINUTES).
        var access = 60 * 60
        /// A demo user's access token: the demo session's life, 24 hours (DEMO_ACCESS_TOKEN_MINUTES).
        /// The original web client never refreshes, so a shorter token would end its session early;
        /// the user's expiry (DEMO_TTL_HOURS) still ends it on time.
        var demoAccess = 24 * 60 * 60
        /// Any refresh token: 7 days (REFRESH_TOKEN_DAYS).
        var refresh = 7 * 24 * 60 * 60

        /// The defaults.
        init() {}

        /// The lifetimes the configuration sets.
        init(_ config: AppConfig) {
            access = config.security.accessTokenMinutes * 60
            demoAccess = config.security.demoAccessTokenMinutes * 60
            refresh = config.security.refreshTokenDays * 24 * 60 * 60
        }
    }

    /// An access token and the refresh token that renews it.
    struct Pair: Sendable, Equatable {
        let access: String
        let refresh: String
    }

    let tokens: JSONWebToken
    var lifetimes = Lifetimes()

    /// A fresh pair for `userID`, both stamped `now` (Unix seconds).
    func issue(userID: Int64, isDemo: Bool, now: Int = Int(Date().timeIntervalSince1970)) -> Pair {
        let refresh = JSONWebToken.Claims(
            sub: String(userID), exp: now + lifetimes.refresh, iat: now, type: .refresh, is_demo: isDemo)
        return Pair(access: access(userID: userID, isDemo: isDemo, now: now), refresh: tokens.sign(refresh))
    }

    /// A new access token for `userID`; demo users get the shorter lifetime.
    func access(userID: Int64, isDemo: Bool, now: Int = Int(Date().timeIntervalSince1970)) -> String {
        let lifetime = isDemo ? lifetimes.demoAccess : lifetimes.access
        return tokens.sign(JSONWebToken.Claims(sub: String(userID), exp: now + lifetime, iat: now, type: .access, is_demo: isDemo))
    }

    /// The user id a valid, unexpired refresh token names.
    /// - Throws: `JSONWebToken.Failure` (an access token is `.wrongType`).
    func verifyRefresh(_ token: String, now: Int = Int(Date().timeIntervalSince1970)) throws(JSONWebToken.Failure) -> Int64 {
        let claims = try tokens.verify(token, type: .refresh, now: now)
        guard let id = Int64(claims.sub) else { throw .malformed }
        return id
    }
}
