import AudioAnalysis
import Database
import Foundation
import Logging
import Synchronization

/// The pool of analysis workers: each claims a job from the `JobSource`,
/// runs it with a heartbeat renewing its lease, and records the outcome
/// through the lease. The blocking DSP runs on dedicated threads below the
/// event loops' priority, never on a loop or the Swift concurrency pool.
///
/// With no workers (`serve` with ANALYSIS_WORKERS=0) it still queues jobs
/// and reports figures; `audio-server worker` processes run them.
final class AnalysisQueue: Sendable {
    /// Pool size and timings; the defaults are the production ones.
    struct Configuration: Sendable {
        /// Concurrent jobs (ANALYSIS_WORKERS), ≥ 0.
        var workers: Int
        /// Lease renewal period; a third of the lease, so two renewals may fail before it lapses.
        var heartbeat: Duration = .seconds(20)
        /// The safety-net poll of idle workers (JOB_POLL_SECONDS); default 5 s.
        var poll: Duration = .seconds(5)
        /// How long `stop()` lets running jobs finish before releasing them (SHUTDOWN_GRACE_SECONDS).
        var shutdownGrace: Duration = .seconds(10)
        /// Finished jobs are kept this long for operators, then pruned; default 7 days.
        var retention: Duration = .seconds(7 * 86_400)
        /// This process's name in `lease_owner`.
        var identity = WorkerIdentity.current()
    }

    struct State {
        var workers: [Task<Void, Never>] = []
        var active: [Int64: JobContext] = [:]
        var stopping = false
        var lastPrune: Date?
        var figures: (value: JobFigures, at: ContinuousClock.Instant)?
    }

    let source: any JobSource
    /// Where idle workers wait; a Postgres LISTEN on `analysis_jobs` calls its `signal()`.
    let wakeups: any JobWakeups
    let configuration: Configuration
    let clock: any JobClock
    let runner: any AnalysisJobRunner
    let logger: Logger
    /// Where this process announces itself while it has workers.
    let registry: WorkerRegistry
    let state = Mutex(State())
    private let tracks: TrackAnalyzer
    /// Figures younger than this are served from memory (/health/ and /metrics are public or scraped often).
    private static let figuresMaxAge: Duration = .seconds(1)

    /// The production queue: jobs in the database, analysed by the analyzers.
    convenience init(services: AppServices) {
        let config = services.config
        let clock = SystemJobClock()
        let lease = Duration.milliseconds(Int((config.analysis.leaseSeconds * 1000).rounded()))
        let source = DatabaseJobSource(
            database: services.database,
            configuration: .init(lease: lease, maxAttempts: config.analysis.maxAttempts),
            subjects: AnalysisSubjects(events: services.events, clock: clock), clock: clock)
        var configuration = Configuration(workers: config.analysis.workers)
        configuration.heartbeat = lease / 3
        configuration.poll = .milliseconds(Int((config.analysis.jobPollSeconds * 1000).rounded()))
        configuration.shutdownGrace = .milliseconds(Int((config.server.shutdownGraceSeconds * 1000).rounded()))
        self.init(
            services: services, source: source, wakeups: LocalJobWakeups(clock: clock),
            configuration: configuration, clock: clock)
    }

    /// A queue over `source`.
    /// - Parameter runner: what runs a job; nil: the analyzers.
    init(
        services: AppServices, source: any JobSource, wakeups: any JobWakeups, configuration: Configuration,
        clock: any JobClock, runner: (any AnalysisJobRunner)? = nil
    ) {
        self.source = source
        self.wakeups = wakeups
        self.configuration = configuration
        self.clock = clock
        registry = WorkerRegistry(database: services.database, clock: clock)
        // Even with no workers a lane remains, for a chat tool computing one agent on demand.
        let executor = BlockingExecutor(label: "analysis", width: max(1, configuration.workers))
        let decoder = SndFileDecoder(
            options: DecoderOptions(
                maxSeconds: services.config.analysis.maxAudioSeconds, ffmpegPath: services.config.analysis.ffmpegPath))
        tracks = TrackAnalyzer(services: services, decoder: decoder, executor: executor)
        self.runner =
            runner
            ?? AnalyzerJobRunner(
                tracks: tracks, fragments: FragmentAnalyzer(services: services, decoder: decoder, executor: executor))
        logger = services.logger
    }

    /// Pool size (for /health/).
    var workerCount: Int { configuration.workers }

    /// Jobs this process is running now.
    var runningCount: Int { state.withLock { $0.active.count } }

    /// Queues a job (a job already queued or running for the same subject is not queued twice)
    /// and wakes a local worker once it is committed.
    /// - Parameter writes: run first in the same transaction (the insert of the job's track).
    /// - Throws: what `writes` threw, or `DatabaseError`.
    func enqueue(_ job: AnalysisJob, along writes: (@Sendable (any Transaction) async throws -> Void)? = nil) async throws {
        if try await source.enqueue(job, along: writes) { wakeups.signal() }
    }

    /// Drops the unfinished job of a track or fragment.
    /// - Throws: `DatabaseError`.
    func cancel(_ job: AnalysisJob) async throws {
        try await source.cancel(job)
    }

    /// Queue figures if read within the last second.
    var freshFigures: JobFigures? {
        state.withLock { s in
            guard let cached = s.figures, ContinuousClock.now - cached.at < Self.figuresMaxAge else { return nil }
            return cached.value
        }
    }

    /// Queue figures, from memory if read within the last second, else from the database.
    /// - Throws: `DatabaseError`.
    func figures() async throws -> JobFigures {
        if let fresh = freshFigures { return fresh }
        let figures = try await source.figures()
        state.withLock { $0.figures = (figures, .now) }
        return figures
    }

    /// One agent's result for a track, computed now from its media file (a
    /// chat tool asking for an agent missing from the stored analysis).
    func computeAgent(_ name: String, for track: Track) async throws -> Data {
        try await tracks.computeAgent(name, for: track)
    }
}
