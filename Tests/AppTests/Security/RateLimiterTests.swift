import Testing

@testable import App

@Suite struct RateLimiterTests {
    @Test func burstThenRefill() {
        let limiter = RateLimiter(burst: 3, perMinute: 60)
        #expect((0..<3).allSatisfy { _ in limiter.allow("1.2.3.4", now: 100) })
        #expect(!limiter.allow("1.2.3.4", now: 100))
        #expect(limiter.allow("5.6.7.8", now: 100))
        #expect(limiter.allow("1.2.3.4", now: 101.01))
        #expect(!limiter.allow("1.2.3.4", now: 101.02))
    }

    @Test func memoryStaysBounded() {
        let limiter = RateLimiter(burst: 1, perMinute: 60, maxKeys: 10)
        for i in 0..<1000 { _ = limiter.allow("k\(i)", now: Double(i)) }
        #expect(limiter.allow("k999", now: 999.5) == false)
    }

    @Test func forwardedForIsBelievedOnlyFromTrustedProxies() {
        let resolver = ClientAddress(trustedProxies: ["10.0.0.1", "10.0.0.2"])
        #expect(resolver.resolve(remote: "9.9.9.9", forwardedFor: "1.1.1.1") == "9.9.9.9")
        #expect(resolver.resolve(remote: "10.0.0.1", forwardedFor: "1.1.1.1") == "1.1.1.1")
        #expect(resolver.resolve(remote: "10.0.0.1", forwardedFor: "6.6.6.6, 1.1.1.1, 10.0.0.2") == "1.1.1.1")
        #expect(resolver.resolve(remote: "10.0.0.1", forwardedFor: nil) == "10.0.0.1")
    }
}
