import Database
import Foundation
import HTTPServer
import Synchronization
import TestSupport
import Testing

@testable import App

/// The worker pool over the database queue: heartbeats, shutdown, and a
/// web-only `serve` whose jobs another queue runs.
@Suite struct AnalysisQueueTests {
    @Test(arguments: DatabaseDriver.available)
    func theHeartbeatRenewsTheLeaseWhileAJobRuns(_ driver: DatabaseDriver) async throws {
        try await StoreTestDatabase.with(driver) { db in
            let fixture = JobFixture(db)
            let harness = try AppHarness(["ANALYSIS_WORKERS": "0"], database: db)
            let runner = GatedRunner()
            let queue = Self.queue(harness, fixture, runner: runner, grace: .seconds(1))
            _ = try await fixture.queuedTrack()
            queue.start()
            try await runner.waitUntilStarted()
            // Heartbeats every 20 s keep a 60 s lease for ever: nobody else can claim the job.
            for _ in 0..<6 {
                try await fixture.clock.waitForSleepers(1)
                fixture.clock.advance(by: .seconds(20))
                try await fixture.clock.waitForSleepers(1)
                #expect(try await fixture.source.claim(owner: "other") == nil)
            }
            runner.open()
            try await Self.waitForRunning(0, queue)
            #expect(try await fixture.source.figures() == .empty)
            await queue.stop()
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func stopReleasesAJobStillRunningAfterTheGrace(_ driver: DatabaseDriver) async throws {
        try await StoreTestDatabase.with(driver) { db in
            let fixture = JobFixture(db)
            let harness = try AppHarness(["ANALYSIS_WORKERS": "0"], database: db)
            let runner = GatedRunner()
            let queue = Self.queue(harness, fixture, runner: runner, grace: .zero)
            let id = try await fixture.queuedTrack()
            queue.start()
            try await runner.waitUntilStarted()
            await queue.stop()
            // Back in the queue at once, its attempt not counted, for another worker.
            let state = try #require(try await fixture.jobState(id))
            #expect(state.state == "queued" && state.attempts == 0)
            let next = try #require(try await fixture.source.claim(owner: "other"))
            #expect(next.attempt == 1)
            // The released job's late result is fenced out.
            runner.open()
            #expect(await runner.finishedWrite() == false)
            #expect(try await fixture.tracks.get(id: id, scope: .all)?.status == .pending)
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func aFailedAttemptIsRetriedAfterItsBackoff(_ driver: DatabaseDriver) async throws {
        try await StoreTestDatabase.with(driver) { db in
            let fixture = JobFixture(db)
            let harness = try AppHarness(["ANALYSIS_WORKERS": "0"], database: db)
            let runner = FlakyRunner()
            var configuration = AnalysisQueue.Configuration(workers: 1)
            configuration.poll = .seconds(5)
            let queue = AnalysisQueue(
                services: harness.app.services, source: fixture.source, wakeups: LocalJobWakeups(clock: fixture.clock),
                configuration: configuration, clock: fixture.clock, runner: runner)
            let id = try await fixture.queuedTrack()
            queue.start()
            // Attempt 1 throws; the job waits out its 5 s backoff, which the clock does not pass by itself.
            try await Self.eventually {
                let job = try await fixture.jobState(id)
                return job?.state == "queued" && job?.attempts == 1
            }
            #expect(runner.attempts == 1)
            let track = try #require(try await fixture.tracks.get(id: id, scope: .all))
            #expect(track.status == .pending && track.statusMessage.contains("attempt 1 of 3 failed: an internal error"))
            // Time passes (a poll at a time, whenever the worker sleeps) until the retry has run.
            try await Self.eventually {
                if fixture.clock.sleeperCount > 0 { fixture.clock.advance(by: .seconds(5)) }
                return try await fixture.jobState(id)?.state == "done"
            }
            #expect(try await fixture.jobState(id)?.attempts == 2)
            #expect(runner.attempts == 2)
            #expect(try await fixture.tracks.get(id: id, scope: .all)?.status == .ready)
            await queue.stop()
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func aWebOnlyServeQueuesJobsThatASeparateQueueRuns(_ driver: DatabaseDriver) async throws {
        try await AppHarness.with(driver, ["ANALYSIS_WORKERS": "0"]) { harness in
            #expect(harness.app.queue.workerCount == 0)
            harness.app.queue.start()  // as boot does: no workers, nothing claims
            let upload = await UploadRoutesTests.post(harness, "/api/tracks/", [(#"name="file"; filename="tone.wav""#, Self.toneWAV())])
            #expect(upload.status == .created)
            let id = try #require((upload.json["track_id"] as? String).flatMap(UUID.init(text:)))
            #expect(try await harness.app.queue.figures().queued == 1)
            #expect(try await harness.app.services.tracks.get(id: id, scope: .all)?.status == .pending)

            // Another process's pool, sharing the database, media and (here) the event hub.
            let services = harness.app.services
            let clock = SystemJobClock()
            let source = DatabaseJobSource(
                database: services.database, subjects: AnalysisSubjects(events: services.events, clock: clock), clock: clock)
            let worker = AnalysisQueue(
                services: services, source: source, wakeups: LocalJobWakeups(clock: clock),
                configuration: .init(workers: 1, poll: .milliseconds(50)), clock: clock)
            let events = services.events.subscribe(to: id)
            worker.start()
            let watching = Task { () -> TrackEvent? in
                for await event in events {
                    if case .status(let status, _) = event, status == "ready" || status == "failed" { return event }
                }
                return nil
            }
            // A bound for a broken build only: the analysis of one second of audio takes milliseconds.
            let watchdog = Task {
                try await Task.sleep(for: .seconds(120))
                watching.cancel()
            }
            let final = await watching.value
            watchdog.cancel()
            await worker.stop()
            #expect(final == .status(status: "ready", message: "Analysis complete"))
            #expect(try await harness.app.services.tracks.get(id: id, scope: .all)?.status == .ready)
            #expect(try await source.figures() == .empty)
            await harness.app.queue.stop()
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func aQueueWithWorkersAnnouncesItselfWhileItRuns(_ driver: DatabaseDriver) async throws {
        try await StoreTestDatabase.with(driver) { db in
            let fixture = JobFixture(db)
            // The harness's own queue has no workers: a web-only process is never announced.
            let harness = try AppHarness(["ANALYSIS_WORKERS": "0"], database: db)
            let queue = Self.queue(harness, fixture, runner: GatedRunner(), grace: .seconds(1))
            #expect(try await queue.registry.presence() == WorkerRegistry.Presence(processes: 0, threads: 0))
            queue.start()
            try await Self.eventually { try await queue.registry.presence() == WorkerRegistry.Presence(processes: 1, threads: 1) }
            await queue.stop()
            #expect(try await queue.registry.presence() == WorkerRegistry.Presence(processes: 0, threads: 0))
        }
    }

    private static func queue(_ harness: AppHarness, _ fixture: JobFixture, runner: GatedRunner, grace: Duration) -> AnalysisQueue {
        var configuration = AnalysisQueue.Configuration(workers: 1)
        configuration.heartbeat = .seconds(20)
        configuration.poll = .seconds(3600)
        configuration.shutdownGrace = grace
        return AnalysisQueue(
            services: harness.app.services, source: fixture.source, wakeups: LocalJobWakeups(clock: fixture.clock),
            configuration: configuration, clock: fixture.clock, runner: runner)
    }

    /// Checks `condition` until it holds (a few milliseconds apart, at most 30 s of real time).
    private static func eventually(_ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while try await !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("condition still false after 30 s")
                return
            }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    private static func waitForRunning(_ count: Int, _ queue: AnalysisQueue) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while queue.runningCount != count, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(2)) }
        #expect(queue.runningCount == count)
    }

    /// One second of a 440 Hz tone: 16-bit mono WAV at 22 050 Hz.
    static func toneWAV() -> [UInt8] {
        let rate = 22_050
        let samples = (0..<rate).map { Int16(8_000 * sin(2 * Double.pi * 440 * Double($0) / Double(rate))) }
        func le32(_ value: Int) -> [UInt8] { withUnsafeBytes(of: UInt32(value).littleEndian) { Array($0) } }
        var wav = Array("RIFF".utf8) + le32(36 + samples.count * 2) + Array("WAVEfmt ".utf8) + le32(16)
        wav += [1, 0, 1, 0] + le32(rate) + le32(rate * 2) + [2, 0, 16, 0] + Array("data".utf8) + le32(samples.count * 2)
        for sample in samples { wav += withUnsafeBytes(of: sample.littleEndian) { Array($0) } }
        return wav
    }
}

/// A job that starts, then waits for the test to open the gate before its final write.
private final class GatedRunner: AnalysisJobRunner {
    private let state = Mutex<(started: Bool, open: Bool, gate: CheckedContinuation<Void, Never>?, written: Bool?)>((false, false, nil, nil))

    func run(_ context: JobContext) async throws {
        await withCheckedContinuation { continuation in
            let proceed = state.withLock { s -> Bool in
                s.started = true
                if s.open { return true }
                s.gate = continuation
                return false
            }
            if proceed { continuation.resume() }
        }
        let written = try await context.finish(.done) { tx in
            try await TrackStore(database: tx).setStatus(id: context.job.subjectID, status: .ready, message: "late")
        }
        state.withLock { $0.written = written != nil }
    }

    func open() {
        let gate = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.open = true
            defer { s.gate = nil }
            return s.gate
        }
        gate?.resume()
    }

    func waitUntilStarted() async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while !state.withLock({ $0.started }) {
            guard ContinuousClock.now < deadline else { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    /// Whether the final write went through, once the runner got that far.
    func finishedWrite() async -> Bool? {
        let deadline = ContinuousClock.now + .seconds(30)
        while state.withLock({ $0.written }) == nil, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(2)) }
        return state.withLock { $0.written }
    }
}

/// Fails its first attempt as a storage outage would, then succeeds.
private final class FlakyRunner: AnalysisJobRunner {
    private let count = Mutex(0)

    var attempts: Int { count.withLock { $0 } }

    func run(_ context: JobContext) async throws {
        let attempt = count.withLock { value in
            value += 1
            return value
        }
        if attempt == 1 { throw CocoaError(.fileWriteOutOfSpace) }
        _ = try await context.finish(.done) { tx in
            try await TrackStore(database: tx).setStatus(id: context.job.subjectID, status: .ready, message: "retried")
        }
    }
}
