import Foundation
import Testing

@testable import App

@Suite struct TokenIssuerTests {
    let issuer = TokenIssuer(tokens: JSONWebToken(secret: "issuer-test-secret"))

    @Test func lifetimesFollowTheContract() throws {
        let pair = issuer.issue(userID: 7, isDemo: false, now: 1_000)
        let access = try issuer.tokens.verify(pair.access, type: .access, now: 1_001)
        let refresh = try issuer.tokens.verify(pair.refresh, type: .refresh, now: 1_001)
        #expect(access.exp - access.iat == 3_600 && access.sub == "7" && !access.is_demo)
        #expect(refresh.exp - refresh.iat == 7 * 86_400)
        let demo = try issuer.tokens.verify(issuer.issue(userID: 8, isDemo: true, now: 1_000).access, type: .access, now: 1_001)
        #expect(demo.exp - demo.iat == 24 * 3600 && demo.is_demo)
    }

    @Test func refreshAcceptsOnlyRefreshTokens() throws {
        let pair = issuer.issue(userID: 42, isDemo: false, now: 1_000)
        #expect(try issuer.verifyRefresh(pair.refresh, now: 2_000) == 42)
        #expect(throws: JSONWebToken.Failure.wrongType) { try issuer.verifyRefresh(pair.access, now: 2_000) }
        #expect(throws: JSONWebToken.Failure.expired) { try issuer.verifyRefresh(pair.refresh, now: 1_000 + 7 * 86_400) }
        let odd = issuer.tokens.sign(.init(sub: "x", exp: 5_000, iat: 1_000, type: .refresh, is_demo: false))
        #expect(throws: JSONWebToken.Failure.malformed) { try issuer.verifyRefresh(odd, now: 2_000) }
    }
}
