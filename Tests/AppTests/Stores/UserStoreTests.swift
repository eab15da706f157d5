import Database
import Foundation
import TestSupport
import Testing

@testable import App

@Suite struct UserStoreTests {
    @Test(arguments: DatabaseDriver.available)
    func createAndFindIgnoringCase(_ driver: DatabaseDriver) async throws {
        try await StoreTestDatabase.with(driver) { db in
            let store = UserStore(database: db)
            let user = try await store.create(
                email: "Alice@Example.com", passwordHash: "pbkdf2_sha256$1000000$salt$hash",
                createdAt: Samples.base)
            #expect(user.email == "alice@example.com" && !user.isDemo && user.requestCount == 0 && user.requestLimit == nil)
            #expect(try await store.find(email: "ALICE@example.com") == user)
            #expect(try await store.find(id: user.id) == user)
            #expect(try await store.find(email: "nobody@example.com") == nil)
            do {
                _ = try await store.create(email: "alice@EXAMPLE.com", passwordHash: "x", createdAt: Samples.base)
                Issue.record("created a second account for one address")
            } catch let error as DatabaseError {
                #expect(error.isUniqueViolation)
            }
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func concurrentIncrementsNeverLoseACount(_ driver: DatabaseDriver) async throws {
        try await StoreTestDatabase.with(driver) { db in
            let store = UserStore(database: db)
            let demo = try await store.create(
                email: "demo@demo.local", passwordHash: "!", isDemo: true, requestLimit: 5,
                createdAt: Samples.base)
            let counts = try await withThrowingTaskGroup(of: Int?.self) { group in
                for _ in 0..<30 { group.addTask { try await store.incrementRequestCount(id: demo.id) } }
                var counts: [Int] = []
                for try await count in group { if let count { counts.append(count) } }
                return counts
            }
            #expect(counts.sorted() == Array(1...30))
            #expect(try await store.incrementRequestCount(id: 999_999) == nil)
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func expiredDemoUsersGoWithTheirTracksAndFiles(_ driver: DatabaseDriver) async throws {
        try await StoreTestDatabase.with(driver) { db in
            let users = UserStore(database: db)
            let tracks = TrackStore(database: db)
            let fragments = FragmentStore(database: db)
            let old = try await users.create(email: "old@demo.local", passwordHash: "!", isDemo: true, createdAt: Samples.base)
            let fresh = try await users.create(
                email: "new@demo.local", passwordHash: "!", isDemo: true,
                createdAt: Samples.base.addingTimeInterval(7200))
            let person = try await users.create(email: "person@example.com", passwordHash: "h", createdAt: Samples.base)
            let oldTrack = Samples.track(ownerID: old.id)
            let freshTrack = Samples.track(ownerID: fresh.id)
            let personTrack = Samples.track(ownerID: person.id)
            for track in [oldTrack, freshTrack, personTrack] { try await tracks.insert(track) }
            try await tracks.saveAnalysis(
                id: oldTrack.id, analysis: Data("{}".utf8), spectrogramFilename: "old.png",
                analyzedAt: Samples.base)
            let oldFragment = Samples.fragment(ownerID: old.id)
            _ = try await fragments.insertOrGet(oldFragment)

            let files = try await users.deleteExpiredDemoUsers(createdBefore: Samples.base.addingTimeInterval(3600))
            #expect(Set(files) == [oldTrack.mediaFilename, "old.png", oldFragment.audioPath])
            #expect(try await users.find(id: old.id) == nil)
            #expect(try await users.find(id: fresh.id) != nil)
            #expect(try await users.find(id: person.id) != nil)
            #expect(try await tracks.get(id: oldTrack.id, scope: .all) == nil)
            #expect(try await tracks.get(id: freshTrack.id, scope: .all) != nil)
            #expect(try await fragments.get(id: oldFragment.id) == nil)
            #expect(try await users.deleteExpiredDemoUsers(createdBefore: Samples.base.addingTimeInterval(3600)).isEmpty)
        }
    }
}
