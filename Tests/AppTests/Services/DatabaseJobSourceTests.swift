import Database
import Foundation
import TestSupport
import Testing

@testable import App

/// The leased queue on both drivers, with time moved by hand.
@Suite struct DatabaseJobSourceTests {
    @Test(arguments: DatabaseDriver.available)
    func concurrentClaimersTakeEachJobExactlyOnce(_ driver: DatabaseDriver) async throws {
        try await StoreTestDatabase.with(driver) { db in
            let fixture = JobFixture(db)
            var queued = Set<UUID>()
            for _ in 0..<24 { queued.insert(try await fixture.queuedTrack()) }
            let claimed = try await withThrowingTaskGroup(of: [JobLease].self) { group in
                for claimer in 0..<8 {
                    group.addTask {
                        var mine: [JobLease] = []
                        while let lease = try await fixture.source.claim(owner: "claimer-\(claimer)") { mine.append(lease) }
                        return mine
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(claimed.count == queued.count)
            #expect(Set(claimed.map(\.job.subjectID)) == queued)
            #expect(Set(claimed.map(\.token)).count == claimed.count)
            #expect(claimed.allSatisfy { $0.attempt == 1 })
            #expect(try await fixture.source.figures() == JobFigures(queued: 0, running: 24, oldestQueuedAgeSeconds: 0))
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func enqueuingAnUnfinishedJobAgainIsANoOp(_ driver: DatabaseDriver) async throws {
        try await StoreTestDatabase.with(driver) { db in
            let fixture = JobFixture(db)
            let id = try await fixture.queuedTrack()
            #expect(try await fixture.source.enqueue(.track(id)) == false)
            let lease = try #require(try await fixture.source.claim(owner: "a"))
            #expect(try await fixture.source.enqueue(.track(id)) == false)
            #expect(try await fixture.source.claim(owner: "b") == nil)
            #expect(try await fixture.finishAnalysis(lease, marker: "a") == true)
            // Finished: a new request for the same track is a new job.
            #expect(try await fixture.source.enqueue(.track(id)))
            #expect(try await fixture.source.figures().queued == 1)
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func aLapsedLeaseIsTakenOverAndTheStaleOwnerIsFencedOut(_ driver: DatabaseDriver) async throws {
        try await StoreTestDatabase.with(driver) { db in
            let fixture = JobFixture(db)
            let id = try await fixture.queuedTrack()
            let stale = try #require(try await fixture.source.claim(owner: "a"))
            fixture.clock.advance(by: .seconds(59))
            #expect(try await fixture.source.claim(owner: "b") == nil)
            fixture.clock.advance(by: .seconds(2))
            let current = try #require(try await fixture.source.claim(owner: "b"))
            #expect(current.id == stale.id && current.token != stale.token && current.attempt == 2)

            // The new owner finishes first; the stale one's renewal, status write and result are all refused.
            #expect(try await fixture.finishAnalysis(current, marker: "b") == true)
            #expect(try await fixture.source.renew(stale) == false)
            let statusWrite = try await fixture.source.whileHolding(stale, finishing: nil) { tx in
                try await TrackStore(database: tx).setStatus(id: id, status: .analyzing, message: "stale")
            }
            #expect(statusWrite == nil)
            #expect(try await fixture.finishAnalysis(stale, marker: "a") == nil)
            let track = try #require(try await fixture.tracks.get(id: id, scope: .all))
            #expect(track.status == .ready && track.statusMessage == "b")
            #expect(String(decoding: track.analysis, as: UTF8.self).contains("\"b\""))
            #expect(try await fixture.jobState(id)?.state == "done")
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func theStaleOwnerCannotFinishBeforeTheNewOneEither(_ driver: DatabaseDriver) async throws {
        try await StoreTestDatabase.with(driver) { db in
            let fixture = JobFixture(db)
            let id = try await fixture.queuedTrack()
            let stale = try #require(try await fixture.source.claim(owner: "a"))
            fixture.clock.advance(by: .seconds(61))
            let current = try #require(try await fixture.source.claim(owner: "b"))
            #expect(try await fixture.finishAnalysis(stale, marker: "a") == nil)
            #expect(try await fixture.tracks.get(id: id, scope: .all)?.status == .pending)
            #expect(try await fixture.finishAnalysis(current, marker: "b") == true)
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func theHeartbeatKeepsTheLease(_ driver: DatabaseDriver) async throws {
        try await StoreTestDatabase.with(driver) { db in
            let fixture = JobFixture(db)
            _ = try await fixture.queuedTrack()
            let lease = try #require(try await fixture.source.claim(owner: "a"))
            for _ in 0..<4 {
                fixture.clock.advance(by: .seconds(40))
                #expect(try await fixture.source.renew(lease))
                #expect(try await fixture.source.claim(owner: "b") == nil)
            }
            // Without renewals the lease lapses 60 s after the last one.
            fixture.clock.advance(by: .seconds(61))
            #expect(try await fixture.source.claim(owner: "b")?.attempt == 2)
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func failedAttemptsBackOffThenFailTheTrackWithTheReason(_ driver: DatabaseDriver) async throws {
        try await StoreTestDatabase.with(driver) { db in
            let fixture = JobFixture(db, maxAttempts: 3)
            let id = try await fixture.queuedTrack()
            let events = fixture.events.subscribe(to: id)
            for (attempt, wait) in [(1, 5), (2, 10)] {
                let lease = try #require(try await fixture.source.claim(owner: "a"))
                #expect(lease.attempt == attempt)
                let retry = try await fixture.source.fail(lease, error: "media store unavailable")
                #expect(retry == .retrying(at: fixture.clock.now.addingTimeInterval(Double(wait)), attempt: attempt, of: 3))
                let track = try #require(try await fixture.tracks.get(id: id, scope: .all))
                #expect(track.status == .pending && track.statusMessage.contains("attempt \(attempt) of 3 failed: media store unavailable"))
                // Not before the backoff has passed.
                fixture.clock.advance(by: .seconds(wait - 1))
                #expect(try await fixture.source.claim(owner: "a") == nil)
                fixture.clock.advance(by: .seconds(1))
            }
            let last = try #require(try await fixture.source.claim(owner: "a"))
            let message = "Analysis failed after 3 attempts: media store unavailable"
            #expect(try await fixture.source.fail(last, error: "media store unavailable") == .exhausted(message: message))
            let track = try #require(try await fixture.tracks.get(id: id, scope: .all))
            #expect(track.status == .failed && track.statusMessage == message)
            #expect(try await fixture.jobState(id)?.state == "failed")
            fixture.clock.advance(by: .seconds(3600))
            #expect(try await fixture.source.claim(owner: "a") == nil)
            var iterator = events.makeAsyncIterator()
            #expect(await iterator.next() == .status(status: "failed", message: message))
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func leasesLapsingOnEveryAttemptFailTheJob(_ driver: DatabaseDriver) async throws {
        try await StoreTestDatabase.with(driver) { db in
            let fixture = JobFixture(db, maxAttempts: 2)
            let id = try await fixture.queuedTrack()
            let fragment = Samples.fragment()
            _ = try await FragmentStore(database: db).insertOrGet(fragment)
            try await fixture.source.enqueue(.fragment(fragment.id))
            for _ in 1...2 {
                #expect(try await fixture.source.claim(owner: "dies") != nil)
                #expect(try await fixture.source.claim(owner: "dies") != nil)
                fixture.clock.advance(by: .seconds(61))
            }
            // Both workers died on the last attempt: the next claim fails the jobs instead of running them.
            #expect(try await fixture.source.claim(owner: "b") == nil)
            let message = "Analysis failed after 2 attempts: \(DatabaseJobSource.lapsedReason)"
            let track = try #require(try await fixture.tracks.get(id: id, scope: .all))
            #expect(track.status == .failed && track.statusMessage == message)
            let failed = try #require(try await FragmentStore(database: db).get(id: fragment.id))
            #expect(failed.status == .failed && failed.error == message)
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func cancellingOrDeletingTheTrackRemovesItsJob(_ driver: DatabaseDriver) async throws {
        try await StoreTestDatabase.with(driver) { db in
            let fixture = JobFixture(db)
            let waiting = try await fixture.queuedTrack()
            try await fixture.source.cancel(.track(waiting))
            #expect(try await fixture.jobState(waiting) == nil)

            let running = try await fixture.queuedTrack()
            let lease = try #require(try await fixture.source.claim(owner: "a"))
            #expect(try await fixture.tracks.delete(id: running, scope: .all) != nil)
            #expect(try await fixture.jobState(running) == nil)
            #expect(try await fixture.source.renew(lease) == false)
            #expect(try await fixture.finishAnalysis(lease, marker: "a") == nil)
            #expect(try await fixture.source.figures() == .empty)
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func releaseHandsTheJobBackWithoutCountingTheAttempt(_ driver: DatabaseDriver) async throws {
        try await StoreTestDatabase.with(driver) { db in
            let fixture = JobFixture(db)
            let id = try await fixture.queuedTrack()
            let first = try #require(try await fixture.source.claim(owner: "stopping"))
            try await fixture.source.release(first)
            let released = try #require(try await fixture.jobState(id))
            #expect(released.state == "queued" && released.attempts == 0)
            let second = try #require(try await fixture.source.claim(owner: "b"))
            #expect(second.attempt == 1 && second.token != first.token)
            #expect(try await fixture.finishAnalysis(first, marker: "a") == nil)
            // Releasing a lease already lost changes nothing.
            try await fixture.source.release(first)
            let taken = try #require(try await fixture.jobState(id))
            #expect(taken.state == "running" && taken.attempts == 1)
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func figuresCountQueuedAndRunningAndTheOldestWait(_ driver: DatabaseDriver) async throws {
        try await StoreTestDatabase.with(driver) { db in
            let fixture = JobFixture(db)
            _ = try await fixture.queuedTrack()
            fixture.clock.advance(by: .seconds(30))
            _ = try await fixture.queuedTrack()
            fixture.clock.advance(by: .seconds(12))
            #expect(try await fixture.source.figures() == JobFigures(queued: 2, running: 0, oldestQueuedAgeSeconds: 42))
            _ = try await fixture.source.claim(owner: "a")
            #expect(try await fixture.source.figures() == JobFigures(queued: 1, running: 1, oldestQueuedAgeSeconds: 12))
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func pruneDeletesOnlyOldFinishedJobs(_ driver: DatabaseDriver) async throws {
        try await StoreTestDatabase.with(driver) { db in
            let fixture = JobFixture(db)
            let done = try await fixture.queuedTrack()
            let lease = try #require(try await fixture.source.claim(owner: "a"))
            #expect(try await fixture.finishAnalysis(lease, marker: "a") == true)
            let waiting = try await fixture.queuedTrack()
            fixture.clock.advance(by: .seconds(10))
            #expect(try await fixture.source.prune(finishedBefore: fixture.clock.now) == 1)
            #expect(try await fixture.jobState(done) == nil)
            #expect(try await fixture.jobState(waiting)?.state == "queued")
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func leasesOfAStoppedProcessOnThisHostEndAtOnce(_ driver: DatabaseDriver) async throws {
        try await StoreTestDatabase.with(driver) { db in
            let fixture = JobFixture(db)
            _ = try await fixture.queuedTrack()
            _ = try await fixture.queuedTrack()
            let gone = try #require(try await fixture.source.claim(owner: "box/4026531836/7/dead0000"))
            let alive = try #require(try await fixture.source.claim(owner: "box/4026531836/8/live0000"))
            let expired = try await fixture.source.expireLeases(ownerPrefix: "box/4026531836/") { $0.hasSuffix("dead0000") }
            #expect(expired == 1)
            let takeover = try #require(try await fixture.source.claim(owner: "box/4026531836/1/new00000"))
            #expect(takeover.id == gone.id && takeover.attempt == 2)
            #expect(try await fixture.source.renew(alive))
            #expect(try await fixture.source.claim(owner: "box/4026531836/1/new00000") == nil)
        }
    }

    @Test func backoffDoublesUpToTheCap() {
        let backoff = RetryBackoff(base: .seconds(5), cap: .seconds(60))
        #expect((1...6).map { backoff.delay(afterAttempt: $0) } == [5, 10, 20, 40, 60, 60].map { Duration.seconds($0) })
        #expect(backoff.delay(afterAttempt: 1_000) == .seconds(60))
    }
}
