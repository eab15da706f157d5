import Testing

@testable import App

@Suite struct WorkerIdentityTests {
    private let me = WorkerIdentity(host: "box", pidNamespace: "4026531836", pid: 1, instance: "aaaaaaaa")

    @Test func roundTripsThroughTheOwnerString() throws {
        let parsed = try #require(WorkerIdentity(parsing: me.description))
        #expect(parsed == me && me.description == "box/4026531836/1/aaaaaaaa")
        #expect(WorkerIdentity(parsing: "claimer-1") == nil)
        #expect(WorkerIdentity(parsing: "box/-/7/bbbbbbbb")?.pidNamespace == nil)
    }

    @Test func onlyAGoneProcessInTheSameNamespaceWasOutlived() {
        let predecessor = WorkerIdentity(host: "box", pidNamespace: "4026531836", pid: 1, instance: "bbbbbbbb")
        #expect(me.hasOutlived(predecessor) { _ in true })  // our own pid, another instance
        let sibling = WorkerIdentity(host: "box", pidNamespace: "4026531836", pid: 42, instance: "cccccccc")
        #expect(me.hasOutlived(sibling) { _ in false })
        #expect(!me.hasOutlived(sibling) { _ in true })
        let elsewhere = WorkerIdentity(host: "box", pidNamespace: "4026532000", pid: 42, instance: "cccccccc")
        #expect(!me.hasOutlived(elsewhere) { _ in false })
        let otherHost = WorkerIdentity(host: "other", pidNamespace: "4026531836", pid: 42, instance: "cccccccc")
        #expect(!me.hasOutlived(otherHost) { _ in false })
        #expect(!me.hasOutlived(me) { _ in false })
    }
}
