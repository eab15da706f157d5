import Testing

@testable import Database

@Suite struct ReconnectBackoffTests {
    @Test func doublesFromTheInitialDelayUpToTheCap() {
        var backoff = ReconnectBackoff(initial: .milliseconds(100), maximum: .seconds(5))
        let delays = (0..<9).map { _ in backoff.nextDelay() }
        #expect(delays == [100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000].map { Duration.milliseconds($0) })
    }

    @Test func resetStartsOverAfterAConnection() {
        var backoff = ReconnectBackoff(initial: .milliseconds(100), maximum: .seconds(5))
        for _ in 0..<4 { _ = backoff.nextDelay() }
        backoff.reset()
        #expect(backoff.nextDelay() == .milliseconds(100))
    }

    @Test func aCapBelowTheInitialDelayIsRaisedToIt() {
        var backoff = ReconnectBackoff(initial: .seconds(1), maximum: .milliseconds(10))
        #expect(backoff.nextDelay() == .seconds(1))
        #expect(backoff.nextDelay() == .seconds(1))
    }
}
