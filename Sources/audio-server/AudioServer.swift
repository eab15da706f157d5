import App
import Database
import ArgumentParser
import Dispatch
import Foundation
import Logging

/// The command line: `serve` (default) and `version`.
@main
struct AudioServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audio-server",
        abstract: "Audio Analysis Server: upload, analyse and chat about audio.",
        version: AppVersion.current,
        subcommands: [ServeCommand.self, MigrateCommand.self, AnalyzeCommand.self, VersionCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version.")
    func run() { print(AppVersion.current) }
}

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve HTTP and WebSocket (the default).")

    func run() async throws {
        let config = try loadConfig()
        let logger = makeLogger(config)
        let app: App
        do {
            app = try await App.boot(config: config, logger: logger)
            try app.start()
        } catch {
            FileHandle.standardError.write(Data("audio-server: cannot start: \(error)\n".utf8))
            throw ExitCode(1)
        }
        await waitForTermination()
        await app.shutdown()
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply pending database migrations.")

    func run() async throws {
        let config = try loadConfig()
        let logger = makeLogger(config)
        do {
            let database = try await openDatabase(url: config.databaseURL, options: config.databaseOptions, logger: logger)
            defer { Task { await database.close() } }
            let applied = try await Migrator(directory: config.migrationsDir, logger: logger).migrate(database)
            if applied.isEmpty { print("migrations: up to date") }
            for migration in applied { print("applied \(migration.fileName)") }
        } catch {
            FileHandle.standardError.write(Data("audio-server: migrate failed: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// Reads the configuration or exits 2 with one line naming the variable.
func loadConfig() throws -> AppConfig {
    do {
        return try AppConfig(environment: ProcessInfo.processInfo.environment)
    } catch {
        FileHandle.standardError.write(Data("audio-server: configuration error: \(error)\n".utf8))
        throw ExitCode(2)
    }
}

func makeLogger(_ config: AppConfig) -> Logger {
    let level = config.logLevel, json = config.logFormat == .json
    LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level, json: json) }
    return Logger(label: "audio-server")
}

/// Suspends until SIGTERM or SIGINT arrives.
func waitForTermination() async {
    signal(SIGTERM, SIG_IGN)
    signal(SIGINT, SIG_IGN)
    let queue = DispatchQueue(label: "signals")
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let fired = SignalLatch(continuation)
        queue.sync {
            for number in [SIGTERM, SIGINT] {
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { fired.fire() }
                source.resume()
                fired.retain(source)
            }
        }
    }
}

/// Resumes the waiting continuation once, whichever signal comes first.
// @unchecked Sendable: `continuation` and `sources` are mutable; protected by the "signals" serial queue (handlers run there; setup happens before any can fire); checked by the single-queue design.
final class SignalLatch: @unchecked Sendable {
    private var continuation: CheckedContinuation<Void, Never>?
    private var sources: [any DispatchSourceSignal] = []
    init(_ continuation: CheckedContinuation<Void, Never>) { self.continuation = continuation }
    func retain(_ source: any DispatchSourceSignal) { sources.append(source) }
    func fire() {
        continuation?.resume()
        continuation = nil
    }
}
