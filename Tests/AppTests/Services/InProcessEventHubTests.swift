import Foundation
import Testing

@testable import App

@Suite struct InProcessEventHubTests {
    @Test func subscribersGetTheirTracksEventsInOrder() async {
        let hub = InProcessEventHub()
        let a = UUID()
        let b = UUID()
        let streamA = hub.subscribe(to: a)
        let streamB = hub.subscribe(to: b)
        hub.publish(.status(status: "analyzing", message: "Starting analysis..."), for: a)
        hub.publish(.progress(agent: "rhythm", state: "running"), for: a)
        hub.publish(.status(status: "ready", message: "Analysis complete"), for: b)
        var iteratorA = streamA.makeAsyncIterator()
        #expect(await iteratorA.next() == .status(status: "analyzing", message: "Starting analysis..."))
        #expect(await iteratorA.next() == .progress(agent: "rhythm", state: "running"))
        var iteratorB = streamB.makeAsyncIterator()
        #expect(await iteratorB.next() == .status(status: "ready", message: "Analysis complete"))
    }

    @Test func publishToAllReachesEveryTracksSubscribers() async {
        let hub = InProcessEventHub()
        let a = UUID()
        let b = UUID()
        var iteratorA = hub.subscribe(to: a).makeAsyncIterator()
        var iteratorB = hub.subscribe(to: b).makeAsyncIterator()
        hub.publishToAll(.resync)
        #expect(await iteratorA.next() == .resync)
        #expect(await iteratorB.next() == .resync)
    }

    @Test func endedSubscriptionsAreRemoved() async {
        let hub = InProcessEventHub()
        let track = UUID()
        let task = Task { for await _ in hub.subscribe(to: track) {} }
        while hub.subscriberCount == 0 { await Task.yield() }
        task.cancel()
        await task.value
        #expect(hub.subscriberCount == 0)
    }
}
