import Foundation
import HTTPServer
import TestSupport
import Testing

@testable import App

/// Accounts, tokens and bodies for the authentication tests.
enum AuthFixtures {
    /// Few iterations, so tests that log in many times stay fast; verify reads the count from the hash.
    static let fastHasher = PasswordHasher(iterations: 1_000)

    /// `object` as JSON bytes.
    static func json(_ object: [String: Any]) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    }

    /// Stores a person with a cheap hash of `password`.
    static func person(_ harness: AppHarness, email: String = "ada@example.com", password: String = "correct horse") async throws -> User {
        try await harness.app.services.users.create(
            email: email, passwordHash: fastHasher.hash(password), createdAt: Date())
    }

    /// A token signed with the harness's SECRET_KEY carrying exactly `claims`.
    static func token(_ harness: AppHarness, _ claims: JSONWebToken.Claims) -> String {
        JSONWebToken(secret: harness.app.config.security.secretKey).sign(claims)
    }

    /// `token` with its header replaced by `{"alg":"none"}` and no signature.
    static func algNone(_ token: String) -> String {
        let payload = token.split(separator: ".")[1]
        return Crypto.base64URL(Array(#"{"alg":"none","typ":"JWT"}"#.utf8)) + "." + payload + "."
    }

    /// `token` with one claim changed after signing (the subject becomes 1).
    static func tampered(_ token: String) throws -> String {
        let parts = token.split(separator: ".").map(String.init)
        let payload = try #require(Crypto.fromBase64URL(parts[1]))
        var claims = try JSONDecoder().decode(JSONWebToken.Claims.self, from: Data(payload))
        claims.sub = claims.sub == "1" ? "2" : "1"  // always a different subject
        let forged = Crypto.base64URL(Array(try JSONEncoder().encode(claims)))
        return parts[0] + "." + forged + "." + parts[2]
    }
}

extension AppHarness {
    /// Runs `body` with an app over a fresh migrated database of `driver`.
    static func with(
        _ driver: DatabaseDriver, _ environment: [String: String] = [:], _ body: (AppHarness) async throws -> Void
    ) async throws {
        try await StoreTestDatabase.with(driver) { database in
            try await body(try AppHarness(environment, database: database))
        }
    }

    /// POSTs `json` to `path` with extra `headers`.
    func post(_ path: String, _ json: [String: Any] = [:], headers: [(String, String)] = []) async -> Response {
        await request(.post, path, headers: [("host", "localhost")] + headers, body: AuthFixtures.json(json))
    }

    /// Logs in and returns the response.
    func login(_ email: String, _ password: String, headers: [(String, String)] = []) async -> Response {
        await post("/api/auth/login/", ["email": email, "password": password], headers: headers)
    }

    /// Creates a demo user through the route; returns its access and refresh tokens and id.
    func demo() async throws -> (access: String, refresh: String, id: Int64) {
        let response = await post("/api/auth/demo/")
        #expect(response.status == .ok)
        let access = try #require(response.json["access"] as? String)
        let refresh = try #require(response.json["refresh"] as? String)
        let claims = try JSONWebToken(secret: app.config.security.secretKey).verify(access, type: .access)
        return (access, refresh, try #require(Int64(claims.sub)))
    }

    /// The claims of a token this app issued.
    func claims(_ token: String, _ type: JSONWebToken.TokenType) throws -> JSONWebToken.Claims {
        try JSONWebToken(secret: app.config.security.secretKey).verify(token, type: type)
    }
}
