import Database
import Foundation
import TestSupport
import Testing

@testable import App

@Suite struct FragmentStoreTests {
    @Test(arguments: DatabaseDriver.available)
    func insertOrGetIsIdempotent(_ driver: DatabaseDriver) async throws {
        try await StoreTestDatabase.with(driver) { db in
            let store = FragmentStore(database: db)
            let fragment = Samples.fragment()
            let first = try await store.insertOrGet(fragment)
            #expect(first.inserted && first.fragment == fragment)
            var repeated = fragment
            repeated.audioPath = "other.wav"
            let second = try await store.insertOrGet(repeated)
            #expect(!second.inserted && second.fragment == fragment)
            #expect(try await store.get(id: UUID()) == nil)
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func lifecycleAndRetryCap(_ driver: DatabaseDriver) async throws {
        try await StoreTestDatabase.with(driver) { db in
            let store = FragmentStore(database: db)
            let fragment = Samples.fragment()
            _ = try await store.insertOrGet(fragment)
            let later = Samples.base.addingTimeInterval(5)
            #expect(try await store.markProcessing(id: fragment.id, at: later))
            #expect(try await store.unfinished().map(\.id) == [fragment.id])
            // Only a failed fragment can be re-queued.
            #expect(try await store.requeue(id: fragment.id, maxRetries: 3, at: later) == nil)
            for attempt in 1...3 {
                #expect(try await store.fail(id: fragment.id, error: "decode failed", at: later))
                let requeued = try #require(try await store.requeue(id: fragment.id, maxRetries: 3, at: later))
                #expect(requeued.status == .pending && requeued.retryCount == attempt && requeued.error == nil)
            }
            try await store.fail(id: fragment.id, error: "decode failed", at: later)
            #expect(try await store.requeue(id: fragment.id, maxRetries: 3, at: later) == nil)
            let failed = try #require(try await store.get(id: fragment.id))
            #expect(failed.status == .failed && failed.error == "decode failed" && failed.retryCount == 3)

            let result = Data(#"{"dimensions":{"bpm":120},"descriptors":["moderate-tempo"]}"#.utf8)
            #expect(try await store.complete(id: fragment.id, modelVersion: "1.0.0", result: result, at: later))
            let done = try #require(try await store.get(id: fragment.id))
            #expect(done.status == .complete && done.modelVersion == "1.0.0" && done.completedAt == later && done.error == nil)
            let dimensions = try JSONSerialization.jsonObject(with: try #require(done.result)) as? [String: Any]
            #expect((dimensions?["dimensions"] as? [String: Any])?["bpm"] as? Int == 120)
            #expect(try await store.unfinished().isEmpty)
            #expect(try await store.audioPaths() == [fragment.audioPath])
        }
    }
}
