import Foundation
import HTTPServer

/// The one call a route makes to learn who is asking and to charge a demo
/// user's request budget (API.md "Authentication").
///
/// Usage, at the top of an `.async` handler:
/// ```swift
/// let identity = try await services.authGuard.authorize(request)
/// let track = try await services.tracks.get(id: id, scope: identity.scope)
/// ```
/// For a WebSocket upgrade use `authorize(query:)` with the upgrade request
/// and map a thrown error to close code 4001; each chat question then goes
/// through `authorizeQuestion(by:)`.
///
/// What it checks, in order:
/// 1. credentials: `X-API-Key` or `Authorization: Bearer <access token>`
///    (a refresh token is refused); failure throws `Authenticator.Failure` (401).
/// 2. for a token: the user still exists and, for a demo user, is younger than
///    DEMO_TTL_HOURS; otherwise `Authenticator.Failure` (401).
/// 3. for a demo user's POST or DELETE under `/api/` (except `/api/auth/`): one
///    request is counted, atomically; past the limit `DemoLimitExceeded` (429).
///
/// Errors are `HTTPResponseError`s, so a handler simply lets them propagate.
struct AuthGuard: Sendable {
    let authenticator: Authenticator
    let users: UserStore
    /// Age after which a demo user's tokens stop working (the sweeper deletes it soon after).
    let demoTTL: TimeInterval
    /// The clock; tests move it.
    var now: @Sendable () -> Date = { Date() }

    /// A demo user went past its request budget: `429` with the counts.
    struct DemoLimitExceeded: Error, Equatable, HTTPResponseError {
        /// Counted requests so far, including this refused one when requests raced.
        let requestCount: Int
        /// Counted requests allowed.
        let requestLimit: Int
        var status: HTTPStatus { .tooManyRequests }
        func response() -> Response {
            AppError.demoLimitExceeded(requestCount: requestCount, requestLimit: requestLimit).response()
        }
    }

    /// Authenticates an HTTP request by its headers and charges a demo user's budget.
    /// - Returns: the caller's identity.
    /// - Throws: `Authenticator.Failure` (401), `DemoLimitExceeded` (429), or a `DatabaseError` (500).
    func authorize(_ request: Request) async throws -> Identity {
        let identity = try authenticator.identify(headers: request.headers)
        return try await admit(identity, counted: Self.isCounted(request), gated: Self.isGated(request))
    }

    /// Authenticates a WebSocket upgrade by `?api_key=` or `?token=`; nothing is counted.
    /// - Throws: `Authenticator.Failure` (close with 4001) or a `DatabaseError`.
    func authorize(query request: Request) async throws -> Identity {
        try await admit(try authenticator.identify(query: request), counted: false)
    }

    /// Admits one chat question from a socket opened as `identity`: the user must still be live
    /// (a demo user may expire while the socket is open) and a demo user's question counts as
    /// one request, as a POST does, so chat cannot outlast DEMO_REQUEST_LIMIT.
    /// - Throws: `Authenticator.Failure` (close with 4001), `DemoLimitExceeded` (an error event), or a `DatabaseError`.
    func authorizeQuestion(by identity: Identity) async throws -> Identity {
        try await admit(identity, counted: true)
    }

    /// API.md: a demo user's POST/DELETE under /api/ counts, except the auth endpoints.
    static func isCounted(_ request: Request) -> Bool {
        (request.method == .post || request.method == .delete) && isGated(request)
    }

    /// Once a demo user's budget is spent, every API request but the auth endpoints gets the 429,
    /// reads included, as in the original app.
    static func isGated(_ request: Request) -> Bool {
        request.path.hasPrefix("/api/") && !request.path.hasPrefix("/api/auth/")
    }

    /// The user a token names, when it still exists and, for a demo user, has not expired.
    /// - Throws: `Authenticator.Failure` (401) when it is gone or expired, or a `DatabaseError`.
    func liveUser(id: Int64) async throws -> User {
        guard let user = try await users.find(id: id) else {
            throw Authenticator.Failure(detail: "User not found")
        }
        if user.isDemo && user.createdAt < now().addingTimeInterval(-demoTTL) {
            throw Authenticator.Failure(detail: "Demo session expired")
        }
        return user
    }

    /// Checks that a token's user is still live and charges the budget when `counted`.
    private func admit(_ identity: Identity, counted: Bool, gated: Bool = false) async throws -> Identity {
        guard case .user(let id, _) = identity else { return identity }
        let user = try await liveUser(id: id)
        // The stored flag wins over the token's claim.
        let live = Identity.user(id: user.id, isDemo: user.isDemo)
        guard user.isDemo, let limit = user.requestLimit else { return live }
        if !counted {
            guard gated, user.requestCount >= limit else { return live }
            throw DemoLimitExceeded(requestCount: user.requestCount, requestLimit: limit)
        }
        // Refused requests are not counted, as in the ported app; the increment below
        // is what keeps concurrent requests from all slipping under the limit.
        guard user.requestCount < limit else {
            throw DemoLimitExceeded(requestCount: user.requestCount, requestLimit: limit)
        }
        guard let count = try await users.incrementRequestCount(id: id) else {
            throw Authenticator.Failure(detail: "User not found")
        }
        guard count <= limit else { throw DemoLimitExceeded(requestCount: count, requestLimit: limit) }
        return live
    }
}

extension AppServices {
    /// The guard every authenticated route calls (see `AuthGuard`).
    var authGuard: AuthGuard {
        AuthGuard(authenticator: authenticator, users: users, demoTTL: config.security.demoTTLHours * 3600)
    }
}
