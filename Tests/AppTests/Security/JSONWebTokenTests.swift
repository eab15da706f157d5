import Foundation
import Testing
@testable import App

@Suite struct JSONWebTokenTests {
    let jwt = JSONWebToken(secret: "test-secret")

    /// Signed by an independent implementation (Python's hmac) with the same secret.
    let externalToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MiIsImV4cCI6MjAwMDAwMDAwMCwiaWF0IjoxNzAwMDAwMDAwLCJ0eXBlIjoiYWNjZXNzIiwiaXNfZGVtbyI6ZmFsc2V9.iU1P-PhTqJi7NUvNmXWJ_9IhQ4LOATcyAlaDHUZMVxo"

    @Test func verifiesATokenSignedElsewhere() throws {
        let claims = try jwt.verify(externalToken, type: .access, now: 1_800_000_000)
        #expect(claims == .init(sub: "42", exp: 2_000_000_000, iat: 1_700_000_000, type: .access, is_demo: false))
    }

    @Test func roundTrip() throws {
        let claims = JSONWebToken.Claims(sub: "7", exp: 200, iat: 100, type: .refresh, is_demo: true)
        #expect(try jwt.verify(jwt.sign(claims), type: .refresh, now: 150) == claims)
    }

    @Test func rejections() {
        let claims = JSONWebToken.Claims(sub: "7", exp: 200, iat: 100, type: .access, is_demo: false)
        let token = jwt.sign(claims)
        #expect(throws: JSONWebToken.Failure.expired) { try jwt.verify(token, type: .access, now: 200) }
        #expect(throws: JSONWebToken.Failure.wrongType) { try jwt.verify(token, type: .refresh, now: 150) }
        #expect(throws: JSONWebToken.Failure.badSignature) { try JSONWebToken(secret: "other").verify(token, type: .access, now: 150) }
        let parts = token.split(separator: ".")
        let none = Crypto.base64URL(Array(#"{"alg":"none","typ":"JWT"}"#.utf8)) + "." + parts[1] + "."
        #expect(throws: JSONWebToken.Failure.unsupportedAlgorithm) { try jwt.verify(none, type: .access, now: 150) }
        let rs = Crypto.base64URL(Array(#"{"alg":"RS256"}"#.utf8)) + "." + parts[1] + "." + parts[2]
        #expect(throws: JSONWebToken.Failure.unsupportedAlgorithm) { try jwt.verify(rs, type: .access, now: 150) }
        let tampered = parts[0] + "." + Crypto.base64URL(Array(#"{"sub":"1","exp":999,"iat":1,"type":"access","is_demo":false}"#.utf8)) + "." + parts[2]
        #expect(throws: JSONWebToken.Failure.badSignature) { try jwt.verify(tampered, type: .access, now: 150) }
        for garbage in ["", "a.b", "a.b.c.d", "!!!.###.$$$", String(repeating: "a", count: 5000)] {
            #expect(throws: JSONWebToken.Failure.malformed) { try jwt.verify(garbage, type: .access, now: 150) }
        }
    }
}
