import App
import ArgumentParser
import Database
import Dispatch
import Foundation
import HTTPServer
import Logging

/// Runs the command line on the concurrency pool while the main thread waits.
///
/// An `async` main would hand the main thread to `dispatch_main()`, which exits
/// it with `pthread_exit`: glibc then unwinds its stack through the binary's
/// unwind tables, leaving half a megabyte of them resident for nothing. The
/// server uses no main actor, so parking the thread costs nothing.
@main
enum Main {
    static func main() {
        let finished = DispatchSemaphore(value: 0)
        // Detached: a task started here would inherit the main actor, whose queue never drains.
        Task.detached {
            await AudioServer.main()  // exits the process itself on an error
            finished.signal()
        }
        finished.wait()
    }
}

/// The command line: `serve` (default), `worker`, `migrate`, `analyze`, `createuser`, `check` and `version`.
struct AudioServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audio-server",
        abstract: "Audio Analysis Server: upload, analyse and chat about audio.",
        version: AppVersion.current,
        subcommands: [
            ServeCommand.self, WorkerCommand.self, MigrateCommand.self, AnalyzeCommand.self, VersionCommand.self,
            CreateUserCommand.self,
            CheckCommand.self,
        ],
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
        MemoryTuning.apply()
        if config.server.batchScheduling && !ThreadScheduling.useBatchPolicy() {
            logger.warning("BATCH_SCHEDULING: the kernel refused SCHED_BATCH; threads keep the default policy")
        }
        let app: Application
        do {
            app = try await Application.boot(config: config, logger: logger)
            try app.start()
        } catch {
            FileHandle.standardError.write(Data("audio-server: cannot start: \(error)\n".utf8))
            throw ExitCode(1)
        }
        await waitForTermination()
        await app.shutdown()
        logOutput.flush()
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply pending database migrations.")

    func run() async throws {
        let config = try loadConfig()
        let logger = makeLogger(config)
        do {
            let database = try await openDatabase(url: config.database.url, options: config.database.options, logger: logger)
            defer { Task { await database.close() } }
            let applied = try await Migrator(source: config.database.migrations, logger: logger).migrate(database)
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

/// The process's log output; flushed once more at exit.
let logOutput = LogOutput()

func makeLogger(_ config: AppConfig) -> Logger {
    let level = config.logging.level
    let json = config.logging.format == .json
    if let dsn = config.logging.sentryDSN {
        let reporter = SentryReporter(dsn: dsn, release: AppVersion.current, environment: config.logging.sentryEnvironment)
        LoggingSystem.bootstrap { label in
            SentryLogHandler(
                wrapping: JSONLogHandler(label: label, level: level, json: json, output: logOutput),
                label: label, reporter: reporter)
        }
    } else {
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level, json: json, output: logOutput) }
    }
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

/// `audio-server createuser --email E --password-stdin`: creates a person's account.
struct CreateUserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "createuser",
        abstract: "Create a user; the password is read from standard input.",
        discussion: "Example: printf '%s' \"$PASSWORD\" | audio-server createuser --email ada@example.com --password-stdin")

    @Option(help: "The user's e-mail address (stored lowercased).")
    var email: String

    @Flag(help: "Read the password from standard input (one line; required, so it never appears in the process list).")
    var passwordStdin = false

    func run() async throws {
        guard passwordStdin else { throw fail("the password must come from standard input: add --password-stdin") }
        guard let password = AccountCreator.password(fromStandardInput: FileHandle.standardInput.readDataToEndOfFile())
        else { throw fail("the password is not valid UTF-8") }
        let config = try loadConfig()
        let logger = Logger(label: "createuser") { _ in SwiftLogNoOpLogHandler() }
        let database: any SQLDatabase
        do {
            database = try await openDatabase(url: config.database.url, options: DatabaseOptions(poolSize: 1), logger: logger)
        } catch {
            throw fail("cannot open the database: \(error)")
        }
        do {
            let user = try await AccountCreator(database: database).create(email: email, password: password)
            await database.close()
            print("created user \(user.email) (id \(user.id))")
        } catch {
            await database.close()
            throw fail("\(error)")
        }
    }

    /// Prints `line` to standard error; the returned code makes the process exit 1.
    private func fail(_ line: String) -> ExitCode {
        FileHandle.standardError.write(Data("audio-server createuser: \(line)\n".utf8))
        return ExitCode(1)
    }
}

/// `audio-server check`: the production readiness checks, one line each; exit 1 on any failure.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the deployment is production-ready (DEBUG, secrets, hosts, media, database, migrations).")

    func run() async throws {
        let results: [DeploymentCheck]
        do {
            let config = try AppConfig(environment: ProcessInfo.processInfo.environment)
            let logger = Logger(label: "check") { _ in SwiftLogNoOpLogHandler() }
            results = await DeploymentChecks(config: config, logger: logger).run()
        } catch {
            results = [DeploymentChecks.configurationFailed(error)]
        }
        for result in results { print(result) }
        if results.contains(where: { !$0.passed }) { throw ExitCode(1) }
    }
}
