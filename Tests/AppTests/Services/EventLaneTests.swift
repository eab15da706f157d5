import TestSupport
import Testing

@testable import App

@Suite struct EventLaneTests {
    @Test func everythingWaitingIsOneBatchInPublishOrder() async {
        let lane = EventLane(capacity: 16)
        for payload in ["a", "b", "c"] { lane.push(payload) }
        #expect(await lane.nextBatch() == ["a", "b", "c"])
        lane.push("d")
        #expect(await lane.nextBatch() == ["d"])
    }

    @Test func aRepeatedPayloadStartsTheNextBatch() async {
        // Postgres would deliver the second "a" of one transaction as nothing at all.
        let lane = EventLane(capacity: 16)
        for payload in ["a", "b", "a", "c", "c"] { lane.push(payload) }
        #expect(await lane.nextBatch() == ["a", "b"])
        #expect(await lane.nextBatch() == ["a", "c"])
        #expect(await lane.nextBatch() == ["c"])
    }

    @Test func batchesStopAtMaxBatch() async {
        let lane = EventLane(capacity: 16, maxBatch: 2)
        for payload in ["a", "b", "c", "d", "e"] { lane.push(payload) }
        #expect(await lane.nextBatch() == ["a", "b"])
        #expect(await lane.nextBatch() == ["c", "d"])
        #expect(await lane.nextBatch() == ["e"])
    }

    @Test func aFullLaneDropsItsOldest() async {
        let lane = EventLane(capacity: 3)
        #expect(lane.push("a"))
        #expect(lane.push("b"))
        #expect(lane.push("c"))
        #expect(!lane.push("d"))
        #expect(!lane.push("e"))
        #expect(await lane.nextBatch() == ["c", "d", "e"])
    }

    @Test func aLongRunKeepsOrderAcrossItsBuffer() async {
        // Taken payloads are compacted away as the lane is drained part by part.
        let lane = EventLane(capacity: 128, maxBatch: 5)
        var received: [String] = []
        for round in 0..<40 {
            for index in 0..<7 { lane.push("\(round * 7 + index)") }
            if let batch = await lane.nextBatch() { received += batch }
        }
        lane.finish()
        while let batch = await lane.nextBatch() { received += batch }
        #expect(received == (0..<280).map { "\($0)" })
    }

    @Test func lingeringPayloadsWaitForCompany() async throws {
        let lane = EventLane(capacity: 16, linger: .milliseconds(200))
        let started = ContinuousClock.now
        lane.push("running a", lingering: true)
        let sender = Task { await lane.nextBatch() }
        lane.push("done a", lingering: true)
        #expect(await sender.value == ["running a", "done a"])
        #expect(ContinuousClock.now - started >= .milliseconds(200))
    }

    @Test(.timeLimit(.minutes(1)))
    func aPayloadThatMayNotLingerTakesTheWaitingOnesAlongAtOnce() async throws {
        let lane = EventLane(capacity: 16, linger: .seconds(3600))
        lane.push("running a", lingering: true)
        let sender = Task { await lane.nextBatch() }
        try await waitUntil { lane.hasWaitingSender }
        lane.push("ready")
        #expect(await sender.value == ["running a", "ready"])
    }

    @Test(.timeLimit(.minutes(1)))
    func finishSendsLingeringPayloadsAtOnce() async {
        let lane = EventLane(capacity: 16, linger: .seconds(3600))
        lane.push("running a", lingering: true)
        lane.finish()
        #expect(await lane.nextBatch() == ["running a"])
        #expect(await lane.nextBatch() == nil)
    }

    @Test(.timeLimit(.minutes(1)))
    func aFullBatchDoesNotLinger() async {
        let lane = EventLane(capacity: 16, maxBatch: 2, linger: .seconds(3600))
        for payload in ["a", "b", "c"] { lane.push(payload, lingering: true) }
        #expect(await lane.nextBatch() == ["a", "b"])
    }

    @Test func aWaitingSenderIsWokenByAPush() async throws {
        let lane = EventLane(capacity: 16)
        let sender = Task { await lane.nextBatch() }
        try await waitUntil { lane.hasWaitingSender }
        lane.push("a")
        #expect(await sender.value == ["a"])
    }

    @Test func finishHandsOutWhatWaitsThenEnds() async throws {
        let lane = EventLane(capacity: 16)
        lane.push("a")
        lane.finish()
        lane.push("ignored")
        #expect(await lane.nextBatch() == ["a"])
        #expect(await lane.nextBatch() == nil)

        let idle = EventLane(capacity: 16)
        let sender = Task { await idle.nextBatch() }
        try await waitUntil { idle.hasWaitingSender }
        idle.finish()
        #expect(await sender.value == nil)
    }

    @Test func cancellationEndsAWait() async throws {
        let lane = EventLane(capacity: 16)
        let sender = Task { await lane.nextBatch() }
        try await waitUntil { lane.hasWaitingSender }
        sender.cancel()
        #expect(await sender.value == nil)
    }
}
