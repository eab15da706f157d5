import Foundation
import TestSupport
import Testing

@testable import App

@Suite struct DemoExpiryTests {
    @Test(arguments: DatabaseDriver.available)
    func sweepDeletesExpiredDemoUsersTheirRowsAndFiles(_ driver: DatabaseDriver) async throws {
        try await AppHarness.with(driver, ["DEMO_TTL_HOURS": "24"]) { harness in
            let services = harness.app.services
            let now = Date()
            let old = try await services.users.create(
                email: "old@demo.invalid", passwordHash: "!", isDemo: true, requestLimit: 5, createdAt: now.addingTimeInterval(-25 * 3600))
            let fresh = try await services.users.create(
                email: "fresh@demo.invalid", passwordHash: "!", isDemo: true, requestLimit: 5, createdAt: now.addingTimeInterval(-3600))
            let person = try await services.users.create(
                email: "person@example.com", passwordHash: "x", createdAt: now.addingTimeInterval(-100 * 3600))
            var files: [Int64: URL] = [:]
            var tracks: [Int64: UUID] = [:]
            for owner in [old, fresh, person] {
                let track = Samples.track(ownerID: owner.id)
                try await services.tracks.insert(track)
                let file = harness.mediaRoot.appendingPathComponent(track.mediaFilename)
                try Data("RIFF".utf8).write(to: file)
                files[owner.id] = file
                tracks[owner.id] = track.id
            }
            let oldTrack = try #require(tracks[old.id])
            let spectrogram = harness.mediaRoot.appendingPathComponent("\(oldTrack.uuidString.lowercased()).spectrogram.png")
            try Data("PNG".utf8).write(to: spectrogram)

            let removed = try await DemoExpiry(services: services).sweep(now: now)
            #expect(removed == 1)
            #expect(try await services.users.find(id: old.id) == nil)
            #expect(try await services.tracks.get(id: oldTrack, scope: .all) == nil)
            #expect(!FileManager.default.fileExists(atPath: try #require(files[old.id]).path))
            #expect(!FileManager.default.fileExists(atPath: spectrogram.path))
            for owner in [fresh, person] {
                #expect(try await services.users.find(id: owner.id) != nil)
                #expect(try await services.tracks.get(id: try #require(tracks[owner.id]), scope: .all) != nil)
                #expect(FileManager.default.fileExists(atPath: try #require(files[owner.id]).path))
            }
            #expect(try await DemoExpiry(services: services).sweep(now: now) == 0)
        }
    }

    @Test func startAndStopAreIdempotent() async throws {
        let harness = try await AppHarness()
        let expiry = DemoExpiry(services: harness.app.services)
        expiry.start()
        expiry.start()
        await expiry.stop()
        await expiry.stop()
    }
}
