import App
import ArgumentParser
import Foundation
import HTTPServer
import Logging

/// `audio-server worker`: analysis jobs from the shared database, no HTTP listener.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run analysis jobs from the shared database, with no HTTP listener.",
        discussion: """
            Claims queued analysis jobs by lease beside any number of `serve` replicas and other \
            workers. ANALYSIS_WORKERS (default: every core) sets how many run at once. With SQLite, \
            workers must run on the same host and volume as `serve`.
            """)

    func run() async throws {
        let config = try workerConfig()
        let logger = makeLogger(config)
        MemoryTuning.apply()
        if config.server.batchScheduling && !ThreadScheduling.useBatchPolicy() {
            logger.warning("BATCH_SCHEDULING: the kernel refused SCHED_BATCH; threads keep the default policy")
        }
        let worker: WorkerApplication
        do {
            worker = try await WorkerApplication.boot(config: config, logger: logger)
        } catch {
            FileHandle.standardError.write(Data("audio-server: cannot start: \(error)\n".utf8))
            throw ExitCode(1)
        }
        worker.start()
        await waitForTermination()
        await worker.shutdown()
        logOutput.flush()
    }

    /// The configuration with the worker's pool size, or exit 2 with one line naming the variable.
    private func workerConfig() throws -> AppConfig {
        let config = try loadConfig()
        do {
            return try config.forWorkerCommand()
        } catch {
            FileHandle.standardError.write(Data("audio-server: configuration error: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
