import Foundation
import HTTPServer
import TestSupport
import Testing

@testable import App

@Suite struct AuthRoutesTests {
    // MARK: Login

    @Test(arguments: DatabaseDriver.available)
    func loginIssuesTokensThatAuthenticate(_ driver: DatabaseDriver) async throws {
        try await AppHarness.with(driver) { harness in
            let user = try await AuthFixtures.person(harness)
            let response = await harness.login("ADA@example.com", "correct horse")
            #expect(response.status == .ok)
            #expect(response.json["is_demo"] as? Bool == false)
            let access = try harness.claims(try #require(response.json["access"] as? String), .access)
            let refresh = try harness.claims(try #require(response.json["refresh"] as? String), .refresh)
            #expect(access.sub == String(user.id) && access.exp - access.iat == 3_600)
            #expect(refresh.sub == String(user.id) && refresh.exp - refresh.iat == 7 * 86_400)
            let bearer = try #require(response.json["access"] as? String)
            let request = AppHarness.makeRequest(.get, "/api/tracks/", headers: [("authorization", "Bearer \(bearer)")])
            #expect(try await harness.app.services.authGuard.authorize(request) == .user(id: user.id, isDemo: false))
        }
    }

    /// The original app's views read form posts too; its newest client still sends some.
    @Test func loginAndRefreshAcceptFormEncodedBodies() async throws {
        let harness = try await AppHarness()
        _ = try await AuthFixtures.person(harness)
        let form = [("host", "localhost"), ("content-type", "application/x-www-form-urlencoded")]
        let login = await harness.request(
            .post, "/api/auth/login/", headers: form,
            body: Array("email=ADA%40example.com&password=correct+horse".utf8))
        #expect(login.status == .ok)
        let refresh = try #require(login.json["refresh"] as? String)
        let renewed = await harness.request(.post, "/api/auth/refresh/", headers: form, body: Array("refresh=\(refresh)".utf8))
        #expect(renewed.status == .ok && renewed.json["access"] is String)
        let empty = await harness.request(.post, "/api/auth/login/", headers: form, body: Array("email=&password=x".utf8))
        #expect(empty.status == .badRequest)
    }

    @Test(arguments: [("ACCESS_TOKEN_MINUTES", "5"), ("DEMO_ACCESS_TOKEN_MINUTES", "30"), ("REFRESH_TOKEN_DAYS", "2")])
    func tokenLifetimesAreConfigurable(variable: String, value: String) throws {
        let lifetimes = TokenIssuer.Lifetimes(try AppConfig(environment: ["PORT": "1", variable: value]))
        switch variable {
        case "ACCESS_TOKEN_MINUTES": #expect(lifetimes.access == 300)
        case "DEMO_ACCESS_TOKEN_MINUTES": #expect(lifetimes.demoAccess == 1800)
        default: #expect(lifetimes.refresh == 2 * 86_400)
        }
        // The demo token lives as long as the demo session by default.
        #expect(TokenIssuer.Lifetimes(try AppConfig(environment: ["PORT": "1", "DEMO_TTL_HOURS": "2"])).demoAccess == 7200)
    }

    @Test func wrongPasswordAndUnknownAddressAreTheSame401() async throws {
        let harness = try await AppHarness()
        _ = try await AuthFixtures.person(harness)
        for (email, password) in [("ada@example.com", "wrong horse"), ("nobody@example.com", "correct horse")] {
            let response = await harness.login(email, password)
            #expect(response.status == .unauthorized)
            #expect(response.text == #"{"error":"Invalid credentials"}"#)
        }
    }

    @Test func demoUsersCannotLogInWithAnyPassword() async throws {
        let harness = try await AppHarness()
        let demo = try await harness.demo()
        let user = try #require(try await harness.app.services.users.find(id: demo.id))
        #expect(user.passwordHash.hasPrefix("!"))
        #expect(await harness.login(user.email, "").status == .badRequest)
        #expect(await harness.login(user.email, String(user.passwordHash.dropFirst())).status == .unauthorized)
    }

    /// An unknown address must cost a full-strength PBKDF2 like a wrong password does. Timings are
    /// noisy on a shared machine, so only a floor is checked: 870 000 HMAC-SHA256 iterations take
    /// well over 40 ms even with SHA instructions, while the lookup alone takes about a millisecond.
    @Test func unknownAddressStillCostsOneHash() async throws {
        let harness = try await AppHarness()
        let clock = ContinuousClock()
        let unknown = await clock.measure { #expect(await harness.login("ghost@example.com", "wrong").status == .unauthorized) }
        #expect(unknown > .milliseconds(40), "unknown address answered in \(unknown)")
    }

    @Test(arguments: [
        #"{}"#, #"{"email":"ada@example.com"}"#, #"{"password":"x"}"#, #"{"email":"","password":"x"}"#,
        #"{"email":"ada@example.com","password":""}"#, #"{"email":1,"password":"x"}"#, #"[1,2]"#, #""str""#,
        "not json", "", #"{"email":"ada@example.com","password":null}"#,
    ])
    func missingFieldsOrMalformedJSONAre400(_ body: String) async throws {
        let harness = try await AppHarness()
        let response = await harness.request(.post, "/api/auth/login/", body: Array(body.utf8))
        #expect(response.status == .badRequest)
        #expect(response.text == #"{"error":"Email and password required"}"#)
    }

    @Test func oversizedBodiesAreRefused() async throws {
        let harness = try await AppHarness()
        let big = AuthFixtures.json(["email": "a@b.c", "password": String(repeating: "x", count: 20_000)])
        for path in ["/api/auth/login/", "/api/auth/demo/", "/api/auth/refresh/"] {
            #expect(await harness.request(.post, path, body: big).status == .contentTooLarge)
        }
    }

    @Test func loginIsRateLimitedPerClientAddress() async throws {
        let harness = try await AppHarness(["TRUSTED_PROXIES": "127.0.0.1"])
        _ = try await AuthFixtures.person(harness)
        let client = [("x-forwarded-for", "203.0.113.9")]
        for _ in 0..<AuthRoutes.Limits().loginBurst {
            #expect(await harness.login("ada@example.com", "correct horse", headers: client).status == .ok)
        }
        let refused = await harness.login("ada@example.com", "correct horse", headers: client)
        #expect(refused.status == .tooManyRequests)
        #expect(refused.text == #"{"error":"Too many requests"}"#)
        #expect(refused.headers["retry-after"].flatMap(Int.init).map { $0 >= 1 } == true)
        // Another client behind the same trusted proxy has its own budget.
        #expect(await harness.login("ada@example.com", "correct horse", headers: [("x-forwarded-for", "198.51.100.4")]).status == .ok)
    }

    // MARK: Refresh

    @Test(arguments: DatabaseDriver.available)
    func refreshTradesARefreshTokenForAnAccessToken(_ driver: DatabaseDriver) async throws {
        try await AppHarness.with(driver) { harness in
            let user = try await AuthFixtures.person(harness)
            let login = await harness.login("ada@example.com", "correct horse")
            let refresh = try #require(login.json["refresh"] as? String)
            let response = await harness.post("/api/auth/refresh/", ["refresh": refresh])
            #expect(response.status == .ok)
            #expect(Set(response.json.keys) == ["access"])
            let claims = try harness.claims(try #require(response.json["access"] as? String), .access)
            #expect(claims.sub == String(user.id) && claims.exp - claims.iat == 3_600)
        }
    }

    @Test func refreshRejectsEverythingButAValidRefreshToken() async throws {
        let harness = try await AppHarness()
        let user = try await AuthFixtures.person(harness)
        let login = await harness.login("ada@example.com", "correct horse")
        let access = try #require(login.json["access"] as? String)
        let refresh = try #require(login.json["refresh"] as? String)
        let now = Int(Date().timeIntervalSince1970)
        let expired = AuthFixtures.token(harness, .init(sub: String(user.id), exp: now - 1, iat: now - 100, type: .refresh, is_demo: false))
        let otherKey = JSONWebToken(secret: "another-secret").sign(
            .init(sub: String(user.id), exp: now + 100, iat: now, type: .refresh, is_demo: false))
        let ghost = AuthFixtures.token(harness, .init(sub: "999999", exp: now + 100, iat: now, type: .refresh, is_demo: false))
        let bodies: [[String: Any]] = [
            ["refresh": access], ["refresh": expired], ["refresh": otherKey], ["refresh": ghost],
            ["refresh": try AuthFixtures.tampered(refresh)], ["refresh": AuthFixtures.algNone(refresh)],
            ["refresh": "x.y.z"],
        ]
        for body in bodies {
            let response = await harness.post("/api/auth/refresh/", body)
            #expect(response.status == .unauthorized, "\(body)")
            #expect(response.text == #"{"error":"Invalid refresh token"}"#)
        }
        // No token at all is the client's mistake, as the original app answers it.
        for body: [String: Any] in [[:], ["refresh": ""], ["refresh": 5]] {
            let response = await harness.post("/api/auth/refresh/", body)
            #expect(response.status == .badRequest, "\(body)")
            #expect(response.text == #"{"error":"Refresh token required"}"#)
        }
    }

    // MARK: Demo

    @Test(arguments: DatabaseDriver.available)
    func demoCreatesALimitedShortLivedUser(_ driver: DatabaseDriver) async throws {
        try await AppHarness.with(driver, ["DEMO_REQUEST_LIMIT": "3"]) { harness in
            let response = await harness.request(.post, "/api/auth/demo/", body: Array("{}".utf8))
            #expect(response.status == .ok)
            #expect(response.json["is_demo"] as? Bool == true)
            #expect(response.json["request_limit"] as? Int == 3)
            let access = try harness.claims(try #require(response.json["access"] as? String), .access)
            #expect(access.is_demo && access.exp - access.iat == 24 * 3600)
            let id = try #require(Int64(access.sub))
            let user = try #require(try await harness.app.services.users.find(id: id))
            #expect(user.isDemo && user.requestLimit == 3 && user.requestCount == 0)
            #expect(user.email.hasPrefix("demo-") && user.email.hasSuffix("@demo.invalid"))
            let refreshed = await harness.post("/api/auth/refresh/", ["refresh": try #require(response.json["refresh"] as? String)])
            let renewed = try harness.claims(try #require(refreshed.json["access"] as? String), .access)
            #expect(renewed.is_demo && renewed.exp - renewed.iat == 24 * 3600)
        }
    }

    @Test func demoCreationIsRateLimited() async throws {
        let harness = try await AppHarness()
        var emails: Set<String> = []
        for _ in 0..<AuthRoutes.Limits().demoBurst {
            let demo = try await harness.demo()
            emails.insert(try #require(try await harness.app.services.users.find(id: demo.id)).email)
        }
        #expect(emails.count == AuthRoutes.Limits().demoBurst)
        let refused = await harness.post("/api/auth/demo/")
        #expect(refused.status == .tooManyRequests)
        #expect(refused.headers["retry-after"] == "60")
    }

    @Test func deletedDemoUserCannotRefresh() async throws {
        let harness = try await AppHarness(["DEMO_TTL_HOURS": "1"])
        let demo = try await harness.demo()
        let later = Date().addingTimeInterval(2 * 3600)
        try await DemoExpiry(services: harness.app.services).sweep(now: later)
        let response = await harness.post("/api/auth/refresh/", ["refresh": demo.refresh])
        #expect(response.status == .unauthorized)
    }
}
