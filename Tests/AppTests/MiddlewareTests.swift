import HTTPServer
import Testing

@testable import App

@Suite struct MiddlewareTests {
    @Test func securityHeadersOnEveryResponse() async throws {
        let harness = try await AppHarness()
        for target in ["/", "/api/health/", "/nope/"] {
            let response = await harness.request(.get, target)
            #expect(response.headers["X-Content-Type-Options"] == "nosniff")
            #expect(response.headers["X-Frame-Options"] == "DENY")
            #expect(response.headers["Referrer-Policy"] == "same-origin")
            #expect(response.headers["Content-Security-Policy"]?.contains("script-src 'self'") == true)
            #expect(response.headers["X-Request-ID"] == "test-id")
            #expect(response.headers["Strict-Transport-Security"] == nil)
        }
        let https = await harness.request(.get, "/", headers: [("host", "localhost"), ("x-forwarded-proto", "https")])
        #expect(https.headers["Strict-Transport-Security"] != nil)
    }

    @Test func contentSecurityPolicyIsStrictByDefaultAndConfigurable() async throws {
        let strict = await (try AppHarness()).request(.get, "/").headers["Content-Security-Policy"]
        #expect(strict == SecurityHeadersMiddleware.defaultContentSecurityPolicy)
        #expect(strict?.contains("style-src 'self';") == true)
        #expect(strict?.contains("unsafe-inline") == false)
        let policy = "default-src 'self'; img-src 'self' https://images.example; frame-ancestors 'none'"
        let custom = try await AppHarness(["CONTENT_SECURITY_POLICY": policy])
        for target in ["/", "/api/health/"] {
            #expect(await custom.request(.get, target).headers["Content-Security-Policy"] == policy, "\(target)")
        }
        let blank = try await AppHarness(["CONTENT_SECURITY_POLICY": "  "])
        #expect(await blank.request(.get, "/").headers["Content-Security-Policy"] == SecurityHeadersMiddleware.defaultContentSecurityPolicy)
        #expect(throws: ConfigError.self) { try AppConfig(environment: ["CONTENT_SECURITY_POLICY": "default-src 'self'\r\nX-Evil: 1"]) }
    }

    @Test func allowedHostPatterns() {
        let middleware = AllowedHostsMiddleware(allowed: ["localhost", ".example.com"])
        #expect(middleware.isAllowed("localhost"))
        #expect(middleware.isAllowed("example.com"))
        #expect(middleware.isAllowed("api.example.com"))
        #expect(!middleware.isAllowed("badexample.com"))
        #expect(AllowedHostsMiddleware(allowed: ["[::1]"]).isAllowed("::1"))
    }

    /// The host used to be everything before the first ":", so this passed as 127.0.0.1, and was
    /// reflected into the https redirect and accepted by the WebSocket upgrade.
    static let smuggledHosts = ["127.0.0.1:18081@evil.com", "localhost@evil.com", "localhost:80:81", "localhost/x", "localhost:x"]

    @Test(arguments: smuggledHosts)
    func hostsOutsideTheGrammarAreRefusedEverywhere(_ host: String) async throws {
        let harness = try await AppHarness(["ALLOWED_HOSTS": "localhost,127.0.0.1"])
        for target in ["/api/health/", "/", "/ws/chat/00000000-0000-0000-0000-000000000000/?api_key=dev-api-key"] {
            let response = await harness.request(
                .get, target,
                headers: [
                    ("host", host), ("upgrade", "websocket"), ("connection", "Upgrade"),
                    ("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ=="), ("sec-websocket-version", "13"),
                ])
            #expect(response.status == .badRequest, "\(target)")
            #expect(response.json["error"] as? String == "Invalid host")
        }
        let anyHost = try await AppHarness(["ALLOWED_HOSTS": "*", "SECURE_SSL_REDIRECT": "true"])
        let redirect = await anyHost.request(.get, "/api/health/", headers: [("host", host)])
        #expect(redirect.status == .badRequest)
        #expect(redirect.headers["Location"] == nil)
    }

    @Test func allowedHostsWithPortsAndIPv6() async throws {
        let harness = try await AppHarness(["ALLOWED_HOSTS": "localhost,127.0.0.1,[::1]"])
        for host in ["localhost:8000", "LOCALHOST", "127.0.0.1:18081", "[::1]:8000", "[::1]"] {
            #expect(await harness.request(.get, "/api/health/", headers: [("host", host)]).status == .ok, "\(host)")
        }
        #expect(await harness.request(.get, "/api/health/", headers: [("host", "evil.com")]).status == .badRequest)
    }

    @Test func corsPreflightAndSimpleRequests() async throws {
        let harness = try await AppHarness(["CORS_ALLOWED_ORIGINS": "https://app.example"])
        let preflight = await harness.request(
            .options, "/api/health/",
            headers: [
                ("host", "localhost"), ("origin", "https://app.example"), ("access-control-request-method", "POST"),
            ])
        #expect(preflight.status == .noContent)
        #expect(preflight.headers["Access-Control-Allow-Origin"] == "https://app.example")
        #expect(preflight.headers["Access-Control-Allow-Methods"]?.contains("POST") == true)
        let denied = await harness.request(
            .options, "/api/health/",
            headers: [
                ("host", "localhost"), ("origin", "https://evil.example"), ("access-control-request-method", "POST"),
            ])
        #expect(denied.status == .forbidden)
        let simple = await harness.request(.get, "/api/health/", headers: [("host", "localhost"), ("origin", "https://app.example")])
        #expect(simple.headers["Access-Control-Allow-Origin"] == "https://app.example")
        let other = await harness.request(.get, "/api/health/", headers: [("host", "localhost"), ("origin", "https://evil.example")])
        #expect(other.headers["Access-Control-Allow-Origin"] == nil)
    }

    @Test func sslRedirectUsesForwardedProto() async throws {
        let harness = try await AppHarness(["SECURE_SSL_REDIRECT": "true"])
        let plain = await harness.request(.get, "/api/health/?x=1")
        #expect(plain.status == .movedPermanently)
        #expect(plain.headers["Location"] == "https://localhost/api/health/?x=1")
        let ported = await harness.request(.get, "/api/health/", headers: [("host", "LocalHost:8000")])
        #expect(ported.headers["Location"] == "https://localhost:8000/api/health/")
        let secure = await harness.request(.get, "/api/health/", headers: [("host", "localhost"), ("x-forwarded-proto", "https")])
        #expect(secure.status == .ok)
        #expect(await harness.request(.get, "/health/").status == .ok)
    }

    @Test func trailingSlashRedirectAndJSONErrors() async throws {
        let harness = try await AppHarness()
        let redirect = await harness.request(.get, "/api/health")
        #expect(redirect.status == .movedPermanently)
        #expect(redirect.headers["Location"] == "/api/health/")
        #expect(redirect.json["detail"] as? String == "Moved permanently")
        // The client's encoding and query are kept; HEAD is redirected like GET.
        let parameter = await harness.request(.head, "/api/tracks/a%20b?limit=1")
        #expect(parameter.status == .movedPermanently)
        #expect(parameter.headers["Location"] == "/api/tracks/a%20b/?limit=1")
        // A file name, or a path no GET route takes with a slash, is not redirected.
        #expect(await harness.request(.get, "/static/app").status == .notFound)
        #expect(await harness.request(.get, "/api/tracks/x.wav").status == .notFound)
        let post = await harness.request(.post, "/api/health")
        #expect(post.status == .notFound)
        #expect(post.headers["Content-Type"] == "application/json")
        #expect(post.json["error"] as? String == "Not found")
    }
}
