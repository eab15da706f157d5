import Foundation
import Logging
import Synchronization
import AudioAnalysis

/// The bounded pool of analysis workers: takes jobs from a `JobSource` in
/// FIFO order and runs the blocking DSP on dedicated threads below the event
/// loops' priority, never on a loop or the Swift concurrency pool.
public final class AnalysisQueue: Sendable {
    private let source: any JobSource
    private let workerCount: Int
    private let executor: BlockingExecutor
    private let tracks: TrackAnalyzer
    private let fragments: FragmentAnalyzer
    private let logger: Logger
    private let running = Mutex<(tasks: [Task<Void, Never>], active: Set<AnalysisJob>)>(([], []))

    init(services: AppServices, source: any JobSource = InMemoryJobSource()) {
        self.source = source
        workerCount = services.config.analysisWorkers
        executor = BlockingExecutor(label: "analysis", width: services.config.analysisWorkers)
        let decoder = SndFileDecoder(options: DecoderOptions(
            maxSeconds: services.config.maxAudioSeconds, ffmpegPath: services.config.ffmpegPath))
        tracks = TrackAnalyzer(services: services, decoder: decoder, executor: executor)
        fragments = FragmentAnalyzer(services: services, decoder: decoder, executor: executor)
        logger = services.logger
    }

    /// Starts the workers.
    func start() {
        let tasks = (0..<workerCount).map { _ in
            Task { [self] in
                while let job = await source.next() {
                    running.withLock { _ = $0.active.insert(job) }
                    await process(job)
                    running.withLock { _ = $0.active.remove(job) }
                }
            }
        }
        running.withLock { $0.tasks = tasks }
    }

    /// Stops taking jobs and waits for the running ones to finish.
    func stop() async {
        source.close()
        for task in running.withLock({ $0.tasks }) { await task.value }
    }

    /// Queues a job (a repeated job already waiting is not queued twice).
    func enqueue(_ job: AnalysisJob) { source.enqueue(job) }

    /// Drops a waiting job (DELETE of its track).
    func cancel(_ job: AnalysisJob) { source.remove(job) }

    /// Jobs waiting, and the pool size (for /health/).
    var figures: (pending: Int, workers: Int) { (source.pendingCount, workerCount) }

    /// Jobs being analysed now (for /metrics).
    var runningCount: Int { running.withLock { $0.active.count } }

    /// One agent's result for a track, computed now from its media file (a
    /// chat tool asking for an agent missing from the stored analysis).
    func computeAgent(_ name: String, for track: Track) async throws -> Data {
        try await tracks.computeAgent(name, for: track)
    }

    private func process(_ job: AnalysisJob) async {
        do {
            switch job {
            case .track(let id): try await tracks.analyze(id)
            case .fragment(let id): try await fragments.analyze(id)
            }
        } catch {
            // The analyzers record failures on their rows; reaching here means the database itself failed.
            logger.error("analysis job failed", metadata: ["job": "\(job)", "error": "\(error)"])
        }
    }
}
