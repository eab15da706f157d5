import Foundation
import TestSupport
import Testing

@testable import App
@testable import HTTPServer

@Suite struct AuthGuardTests {
    private func request(_ method: HTTPMethod, _ path: String, bearer: String) -> Request {
        AppHarness.makeRequest(method, path, headers: [("host", "localhost"), ("authorization", "Bearer \(bearer)")])
    }

    /// The 401 detail `body` fails with, or nil when it does not fail that way.
    private func unauthorized(_ body: () async throws -> Identity) async -> String? {
        do {
            _ = try await body()
            return nil
        } catch let failure as Authenticator.Failure {
            #expect(failure.response().status == .unauthorized)
            return failure.detail
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func apiKeyAndMissingCredentials() async throws {
        let harness = try await AppHarness()
        let guardian = harness.app.services.authGuard
        let key = AppHarness.makeRequest(.post, "/api/tracks/", headers: [("x-api-key", harness.app.config.security.apiKey)])
        #expect(try await guardian.authorize(key) == .apiKey)
        let bare = AppHarness.makeRequest(.post, "/api/tracks/")
        #expect(await unauthorized { try await guardian.authorize(bare) } == "Authentication credentials were not provided")
        let socket = AppHarness.makeRequest(.get, "/ws/chat/x/?api_key=\(harness.app.config.security.apiKey)")
        #expect(try await guardian.authorize(query: socket) == .apiKey)
    }

    @Test func tokensOfTheWrongKindOrShapeAreRefused() async throws {
        let harness = try await AppHarness()
        let user = try await AuthFixtures.person(harness)
        let login = await harness.login("ada@example.com", "correct horse")
        let access = try #require(login.json["access"] as? String)
        let refresh = try #require(login.json["refresh"] as? String)
        let guardian = harness.app.services.authGuard
        let now = Int(Date().timeIntervalSince1970)
        let expired = AuthFixtures.token(harness, .init(sub: String(user.id), exp: now - 1, iat: now - 60, type: .access, is_demo: false))
        let cases: [(String, String)] = [
            (refresh, "Wrong token type"), (expired, "Token expired"),
            (try AuthFixtures.tampered(access), "Invalid token signature"),
            (AuthFixtures.algNone(access), "Unsupported token algorithm"), ("garbage", "Malformed token"),
        ]
        for (token, detail) in cases {
            #expect(await unauthorized { try await guardian.authorize(request(.get, "/api/tracks/", bearer: token)) } == detail)
        }
        let socket = AppHarness.makeRequest(.get, "/ws/chat/x/?token=\(refresh)")
        #expect(await unauthorized { try await guardian.authorize(query: socket) } == "Wrong token type")
        #expect(try await guardian.authorize(request(.get, "/api/tracks/", bearer: access)) == .user(id: user.id, isDemo: false))
    }

    @Test(arguments: DatabaseDriver.available)
    func demoRequestsCountUntilTheLimit(_ driver: DatabaseDriver) async throws {
        try await AppHarness.with(driver, ["DEMO_REQUEST_LIMIT": "2"]) { harness in
            let demo = try await harness.demo()
            let guardian = harness.app.services.authGuard
            // Reads and the auth endpoints are free.
            for (method, path) in [(HTTPMethod.get, "/api/tracks/"), (.post, "/api/auth/refresh/"), (.get, "/health/")] {
                #expect(try await guardian.authorize(request(method, path, bearer: demo.access)) == .user(id: demo.id, isDemo: true))
            }
            _ = try await guardian.authorize(request(.post, "/api/tracks/", bearer: demo.access))
            _ = try await guardian.authorize(request(.delete, "/api/tracks/abc/", bearer: demo.access))
            for _ in 0..<2 {
                do {
                    _ = try await guardian.authorize(request(.post, "/api/analyse/", bearer: demo.access))
                    Issue.record("a third counted request was allowed")
                } catch let error as AuthGuard.DemoLimitExceeded {
                    #expect(error == AuthGuard.DemoLimitExceeded(requestCount: 2, requestLimit: 2))
                    let response = error.response()
                    #expect(response.status == .tooManyRequests)
                    #expect(response.json["error"] as? String == "Demo request limit exceeded")
                    #expect(response.json["request_count"] as? Int == 2 && response.json["request_limit"] as? Int == 2)
                }
            }
            #expect(try await harness.app.services.users.find(id: demo.id)?.requestCount == 2)
            // Spent: every API read gets the 429 too, as in the original app; auth and /health/ stay open.
            await #expect(throws: AuthGuard.DemoLimitExceeded(requestCount: 2, requestLimit: 2)) {
                try await guardian.authorize(request(.get, "/api/tracks/", bearer: demo.access))
            }
            for (method, path) in [(HTTPMethod.post, "/api/auth/refresh/"), (.get, "/health/")] {
                #expect(try await guardian.authorize(request(method, path, bearer: demo.access)) == .user(id: demo.id, isDemo: true))
            }
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func concurrentDemoRequestsNeverExceedTheLimit(_ driver: DatabaseDriver) async throws {
        try await AppHarness.with(driver, ["DEMO_REQUEST_LIMIT": "3"]) { harness in
            let demo = try await harness.demo()
            let guardian = harness.app.services.authGuard
            let post = request(.post, "/api/tracks/", bearer: demo.access)
            let allowed = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        do {
                            _ = try await guardian.authorize(post)
                            return true
                        } catch is AuthGuard.DemoLimitExceeded {
                            return false
                        }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(allowed == 3)
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func deletedOrExpiredDemoUsersAre401(_ driver: DatabaseDriver) async throws {
        try await AppHarness.with(driver, ["DEMO_TTL_HOURS": "1"]) { harness in
            let demo = try await harness.demo()
            var guardian = harness.app.services.authGuard
            guardian.now = { Date().addingTimeInterval(3601) }
            let get = request(.get, "/api/tracks/", bearer: demo.access)
            #expect(await unauthorized { try await guardian.authorize(get) } == "Demo session expired")
            try await DemoExpiry(services: harness.app.services).sweep(now: Date().addingTimeInterval(3601))
            let post = request(.post, "/api/tracks/", bearer: demo.access)
            #expect(await unauthorized { try await harness.app.services.authGuard.authorize(post) } == "User not found")
        }
    }

    @Test func countedRequestsAreExactlyThePostsAndDeletesUnderAPI() {
        let cases: [(HTTPMethod, String, Bool)] = [
            (.post, "/api/tracks/", true), (.delete, "/api/tracks/1/", true), (.post, "/api/analyse/", true),
            (.get, "/api/tracks/", false), (.put, "/api/tracks/1/", false), (.post, "/api/auth/login/", false),
            (.post, "/api/auth/demo/", false), (.post, "/apix/", false), (.post, "/media/x.wav", false),
        ]
        for (method, path, counted) in cases {
            #expect(AuthGuard.isCounted(AppHarness.makeRequest(method, path)) == counted, "\(method) \(path)")
        }
    }
}
