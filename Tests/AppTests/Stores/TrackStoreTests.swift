import Database
import Foundation
import TestSupport
import Testing

@testable import App

@Suite struct TrackStoreTests {
    @Test(arguments: DatabaseDriver.available)
    func insertGetAndScope(_ driver: DatabaseDriver) async throws {
        try await StoreTestDatabase.with(driver) { db in
            let users = UserStore(database: db)
            let store = TrackStore(database: db)
            let alice = try await users.create(email: "alice@example.com", passwordHash: "h", createdAt: Samples.base)
            let bob = try await users.create(email: "bob@example.com", passwordHash: "h", createdAt: Samples.base)
            let track = Samples.track(ownerID: alice.id)
            try await store.insert(track)
            #expect(try await store.get(id: track.id, scope: .all) == track)
            #expect(try await store.get(id: track.id, scope: .user(alice.id)) == track)
            #expect(try await store.get(id: track.id, scope: .user(bob.id)) == nil)
            #expect(try await store.get(id: UUID(), scope: .all) == nil)
            #expect(try await store.waveform(id: track.id, scope: .all) == .some(nil))
            #expect(try await store.waveform(id: track.id, scope: .user(bob.id)) == nil)
            #expect(try await store.waveform(id: UUID(), scope: .all) == nil)
            let stored = try #require(try await store.get(id: track.id, scope: .all))
            #expect(stored.status == .pending && stored.analysis == Data("{}".utf8) && stored.analyzedAt == nil)
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func listIsNewestFirstWithLimitOffsetAndOwner(_ driver: DatabaseDriver) async throws {
        try await StoreTestDatabase.with(driver) { db in
            let users = UserStore(database: db)
            let store = TrackStore(database: db)
            let alice = try await users.create(email: "alice@example.com", passwordHash: "h", createdAt: Samples.base)
            var tracks: [Track] = []
            for index in 0..<5 {
                let track = Samples.track(
                    ownerID: index.isMultiple(of: 2) ? alice.id : nil,
                    createdAt: Samples.base.addingTimeInterval(Double(index) * 60))
                tracks.append(track)
                try await store.insert(track)
            }
            let newest = try await store.list(scope: .all, limit: 2, offset: 0).map(\.id)
            #expect(newest == [tracks[4].id, tracks[3].id])
            #expect(try await store.list(scope: .all, limit: 2, offset: 2).map(\.id) == [tracks[2].id, tracks[1].id])
            #expect(try await store.list(scope: .all, limit: 50, offset: 10).isEmpty)
            #expect(
                try await store.list(scope: .user(alice.id), limit: 50, offset: 0).map(\.id)
                    == [tracks[4].id, tracks[2].id, tracks[0].id])
            let summaries = try await store.listSummaries(scope: .user(alice.id), limit: 2, offset: 1)
            #expect(summaries.map(\.id) == [tracks[2].id, tracks[0].id])
            #expect(summaries.first?.originalFilename == tracks[2].originalFilename)
            #expect(summaries.first?.createdAt == tracks[2].createdAt && summaries.first?.duration == 12.5)
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func statusAnalysisAndDeletion(_ driver: DatabaseDriver) async throws {
        try await StoreTestDatabase.with(driver) { db in
            let store = TrackStore(database: db)
            let track = Samples.track()
            try await store.insert(track)
            #expect(try await store.unfinished().map(\.id) == [track.id])
            #expect(try await store.setStatus(id: track.id, status: .analyzing, message: "Starting analysis..."))
            #expect(try await store.unfinished().map(\.id) == [track.id])
            #expect(try await !store.setStatus(id: UUID(), status: .failed, message: "x"))
            let analysis = Data(#"{"rhythm":{"tempo_bpm":120.5},"spectral":{"error":"boom"}}"#.utf8)
            let finished = Samples.base.addingTimeInterval(30)
            try await store.saveAnalysis(
                id: track.id, analysis: analysis, waveform: Data(#"{"min":[-1],"max":[1]}"#.utf8),
                spectrogramFilename: "\(track.id).png", analyzedAt: finished)
            let peaks = try #require(try await store.waveform(id: track.id, scope: .all) ?? nil)
            #expect(try JSONDecoder().decode([String: [Int]].self, from: peaks) == ["min": [-1], "max": [1]])
            let stored = try #require(try await store.get(id: track.id, scope: .all))
            #expect(stored.status == .ready && stored.statusMessage == "Analysis complete" && stored.analyzedAt == finished)
            let decoded = try JSONSerialization.jsonObject(with: stored.analysis) as? [String: [String: Any]]
            #expect(decoded?["rhythm"]?["tempo_bpm"] as? Double == 120.5)
            #expect(try await store.unfinished().isEmpty)
            #expect(try await store.findReady(sha256: track.sha256)?.id == track.id)
            #expect(try await store.findReady(sha256: "other") == nil)
            #expect(try await store.mediaFilenames() == [track.mediaFilename, "\(track.id).png"])
            #expect(try await store.delete(id: track.id, scope: .user(99)) == nil)
            #expect(try await store.delete(id: track.id, scope: .all)?.id == track.id)
            #expect(try await store.get(id: track.id, scope: .all) == nil)
            #expect(try await store.mediaFilenames().isEmpty)
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func duplicateIdIsAUniqueViolation(_ driver: DatabaseDriver) async throws {
        try await StoreTestDatabase.with(driver) { db in
            let store = TrackStore(database: db)
            let track = Samples.track()
            try await store.insert(track)
            do {
                try await store.insert(track)
                Issue.record("inserted a track twice")
            } catch let error as DatabaseError {
                #expect(error.isUniqueViolation)
            }
        }
    }
}
