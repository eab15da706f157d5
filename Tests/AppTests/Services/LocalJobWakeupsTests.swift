import Testing

@testable import App

@Suite struct LocalJobWakeupsTests {
    @Test func aSignalWithNobodyWaitingIsKeptForTheNextWait() async {
        let clock = ManualJobClock()
        let wakeups = LocalJobWakeups(clock: clock)
        wakeups.signal()
        await wakeups.wait(upTo: .seconds(3600))  // returns without the clock moving
        #expect(clock.sleeperCount == 0)
    }

    @Test func aSignalWakesOneWaiterAndTheTimeoutTheOther() async throws {
        let clock = ManualJobClock()
        let wakeups = LocalJobWakeups(clock: clock)
        let first = Task { await wakeups.wait(upTo: .seconds(5)) }
        let second = Task { await wakeups.wait(upTo: .seconds(5)) }
        try await clock.waitForSleepers(2)
        wakeups.signal()
        try await clock.waitForSleepers(1)  // one wait ended and cancelled its timeout
        clock.advance(by: .seconds(5))
        await first.value
        await second.value
        #expect(clock.sleeperCount == 0)
    }

    @Test func cancellationEndsAWait() async throws {
        let clock = ManualJobClock()
        let wakeups = LocalJobWakeups(clock: clock)
        let waiting = Task { await wakeups.wait(upTo: .seconds(3600)) }
        try await clock.waitForSleepers(1)
        waiting.cancel()
        await waiting.value
    }
}
