import Database
import Foundation
import TestSupport
import Testing

@testable import App

/// Two hubs on one server stand for two replicas: what one publishes, the other's subscribers get, in order.
@Suite(.enabled(if: EventHubReplica.serverInfo != nil, "needs TEST_DATABASE_URL"), .timeLimit(.minutes(2)))
struct PostgresEventHubTests {
    private func withReplicas(_ body: (EventHubReplica, EventHubReplica, String) async throws -> Void) async throws {
        let info = try #require(EventHubReplica.serverInfo)
        let channel = EventHubReplica.channel()
        let a = try await EventHubReplica.start(info, channel: channel)
        let b: EventHubReplica
        do {
            b = try await EventHubReplica.start(info, channel: channel)
        } catch {
            await a.stop()
            throw error
        }
        do {
            try await body(a, b, channel)
        } catch {
            await a.stop()
            await b.stop()
            throw error
        }
        await a.stop()
        await b.stop()
    }

    @Test func subscribersOnAnotherReplicaGetEachTracksEventsInOrder() async throws {
        try await withReplicas { a, b, _ in
            // Many tracks, so every lane is used; each track's events must keep their order.
            let tracks = (0..<8).map { _ in UUID() }
            let perTrack = 150
            let recorders = tracks.map { _ in EventRecorder<TrackEvent>() }
            let local = EventRecorder<TrackEvent>()
            let tasks =
                zip(tracks, recorders).map { track, recorder in recorder.record(b.hub.subscribe(to: track)) }
                + [local.record(a.hub.subscribe(to: tracks[0]))]
            // In rounds the subscribers' buffers hold: a watcher slower than 64 events keeps only the newest
            // (by design, status can be re-read), and a busy machine can make these watchers that slow.
            let round = 50
            for start in stride(from: 0, to: perTrack, by: round) {
                for index in start..<min(start + round, perTrack) {
                    for track in tracks {
                        a.hub.publish(
                            index.isMultiple(of: 2)
                                ? .progress(agent: "rhythm", state: String(index))
                                : .status(status: "analyzing", message: String(index)), for: track)
                    }
                }
                for recorder in recorders + [local] { _ = try await recorder.wait(forCount: min(start + round, perTrack)) }
            }
            let expected = (0..<perTrack).map { index in
                index.isMultiple(of: 2)
                    ? TrackEvent.progress(agent: "rhythm", state: String(index))
                    : .status(status: "analyzing", message: String(index))
            }
            for recorder in recorders {
                let received = try await recorder.wait(forCount: perTrack)
                #expect(received == expected)
            }
            // The publisher's own subscribers hear it through Postgres too, in the same order.
            let heardLocally = try await local.wait(forCount: perTrack)
            #expect(heardLocally == expected)
            for task in tasks { task.cancel() }
        }
    }

    @Test func anEventRepeatedWithinABurstIsDeliveredEachTime() async throws {
        // Published together, these go out in one batch unless the repeat starts a new one; within
        // one transaction Postgres would deliver the second "analyzing" as nothing, and the watcher
        // would be left with "ready" as the last word.
        try await withReplicas { a, b, _ in
            let track = UUID()
            let recorder = EventRecorder<TrackEvent>()
            let task = recorder.record(b.hub.subscribe(to: track))
            let burst: [TrackEvent] = [
                .status(status: "analyzing", message: "Starting analysis..."),
                .progress(agent: "rhythm", state: "running"),
                .status(status: "ready", message: "Analysis complete"),
                .status(status: "analyzing", message: "Starting analysis..."),
                .progress(agent: "rhythm", state: "running"),
            ]
            for event in burst { a.hub.publish(event, for: track) }
            let received = try await recorder.wait(forCount: burst.count)
            #expect(received == burst)
            task.cancel()
        }
    }

    @Test func malformedNotificationsAreIgnored() async throws {
        try await withReplicas { a, b, channel in
            let track = UUID()
            let recorder = EventRecorder<TrackEvent>()
            let task = recorder.record(b.hub.subscribe(to: track))
            for junk in ["", "not json", #"{"t":"\#(track.uuidString)","k":"zzz"}"#] {
                try await a.database.execute("SELECT pg_notify(\(channel), \(junk))")
            }
            a.hub.publish(.status(status: "ready", message: "Analysis complete"), for: track)
            #expect(try await recorder.wait(forCount: 1) == [.status(status: "ready", message: "Analysis complete")])
            task.cancel()
        }
    }

    @Test func measuresFanOutLatencyBetweenReplicas() async throws {
        try await withReplicas { a, b, _ in
            let latencies = try await measureFanOutLatency(from: a.hub, to: b.hub, count: 2000, interval: .milliseconds(1))
            let p50 = percentile(latencies, 0.50)
            let p99 = percentile(latencies, 0.99)
            print(
                String(
                    format: "NOTIFY fan-out latency, replica A → B, %d of 2000 events 1 ms apart: p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                    latencies.count, p50, p99, latencies.last ?? .nan))
            // A receiver starved of CPU by a parallel run may drop events (the fan-out buffer is bounded).
            #expect(latencies.count > 1000)
            // Recorded, not asserted: beside other suites (initdb, restarts) on few cores, this measures the
            // machine's load. bench-events measures it alone (goal: p99 < 20 ms on loopback).
        }
    }
}
