import Foundation
import Testing

@testable import App

@Suite struct JSONWebTokenTests {
    let jwt = JSONWebToken(secret: "test-secret")

    /// Signed by an independent implementation (Python's hmac) with the same secret.
    let externalToken =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MiIsImV4cCI6MjAwMDAwMDAwMCwiaWF0IjoxNzAwMDAwMDAwLCJ0eXBlIjoiYWNjZXNzIiwiaXNfZGVtbyI6ZmFsc2V9.iU1P-PhTqJi7NUvNmXWJ_9IhQ4LOATcyAlaDHUZMVxo"

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
        let tampered =
            parts[0] + "." + Crypto.base64URL(Array(#"{"sub":"1","exp":999,"iat":1,"type":"access","is_demo":false}"#.utf8)) + "." + parts[2]
        #expect(throws: JSONWebToken.Failure.badSignature) { try jwt.verify(tampered, type: .access, now: 150) }
        for garbage in ["", "a.b", "a.b.c.d", "!!!.###.$$$", String(repeating: "a", count: 5000)] {
            #expect(throws: JSONWebToken.Failure.malformed) { try jwt.verify(garbage, type: .access, now: 150) }
        }
    }

    /// RFC 7515 §2: base64url without padding, and nothing else. The external token's signature
    /// holds both `-` and `_`, so its standard-base64 spelling differs from it.
    @Test func signaturesMustBeExactlyBase64URLWithoutPadding() throws {
        let parts = externalToken.split(separator: ".").map(String.init)
        let signature = parts[2]
        let standard = signature.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        #expect(standard != signature)
        var respelled: [String] = [standard, signature + "=", standard + "="]
        // 32 bytes are 43 characters whose last carries 2 unused bits: "o" (40) and "p" (41) decode alike.
        #expect(signature.hasSuffix("o"))
        respelled.append(String(signature.dropLast()) + "p")
        for variant in respelled {
            let token = parts[0] + "." + parts[1] + "." + variant
            #expect(throws: JSONWebToken.Failure.malformed) { try jwt.verify(token, type: .access, now: 1_800_000_000) }
        }
        let paddedHeader = parts[0] + "=." + parts[1] + "." + signature
        #expect(throws: JSONWebToken.Failure.malformed) { try jwt.verify(paddedHeader, type: .access, now: 1_800_000_000) }
    }

    @Test func base64URLDecodingIsStrict() {
        #expect(Crypto.fromBase64URL("") == [])
        #expect(Crypto.fromBase64URL("-_8") == [0xFB, 0xFF])
        #expect(Crypto.fromBase64URL("AQID") == [1, 2, 3])
        for bad in ["+/8", "-_8=", "AQ==", "A", "AQIDB", "AB", "a b", "\u{00E9}"] {
            #expect(Crypto.fromBase64URL(bad) == nil, "\(bad)")
        }
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 53 &+ 7) }
            #expect(Crypto.fromBase64URL(Crypto.base64URL(bytes)) == bytes)
        }
    }
}
