import Database
import Foundation
import TestSupport
import Testing

@testable import App

/// A private cluster restarts under a live hub: subscribers are told `.resync`, then events flow again.
@Suite(.enabled(if: ThrowawayPostgres.isAvailable, "needs the Postgres server binaries"), .timeLimit(.minutes(3)))
struct PostgresEventHubRecoveryTests {
    @Test func subscribersAreToldToResyncAfterARestart() async throws {
        let server = try await ThrowawayPostgres()
        do {
            guard case .postgres(let info) = try DatabaseURL(parsing: server.url) else { throw ThrowawayError("not Postgres") }
            let replica = try await EventHubReplica.start(
                info, channel: PostgresEventHub.defaultChannel,
                configuration: .init(initialBackoff: .milliseconds(50), maximumBackoff: .milliseconds(500)))
            let track = UUID()
            let recorder = EventRecorder<TrackEvent>()
            let task = recorder.record(replica.hub.subscribe(to: track))
            replica.hub.publish(.status(status: "analyzing", message: "before"), for: track)
            _ = try await recorder.wait(forCount: 1)

            try await server.stop()
            try await server.start()
            _ = try await recorder.wait(timeout: .seconds(60)) { $0.contains(.resync) }
            replica.hub.publish(.status(status: "ready", message: "after"), for: track)
            #expect(
                try await recorder.wait(forCount: 3) == [
                    .status(status: "analyzing", message: "before"), .resync, .status(status: "ready", message: "after"),
                ])
            task.cancel()
            await replica.stop()
        } catch {
            await server.destroy()
            throw error
        }
        await server.destroy()
    }
}
