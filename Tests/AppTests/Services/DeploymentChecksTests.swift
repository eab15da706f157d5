import Database
import Foundation
import Logging
import TestSupport
import Testing

@testable import App

@Suite struct DeploymentChecksTests {
    private let logger = Logger(label: "check-tests") { _ in SwiftLogNoOpLogHandler() }

    /// A fresh folder and the environment variables every case shares.
    private func environment(_ extra: [String: String]) throws -> (folder: URL, env: [String: String]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var env = [
            "DATABASE_URL": "sqlite:///" + folder.appendingPathComponent("db.sqlite3").path,
            "MEDIA_ROOT": folder.appendingPathComponent("media").path,
        ]
        env.merge(extra) { $1 }
        return (folder, env)
    }

    private func run(_ env: [String: String]) async throws -> [String: DeploymentCheck] {
        let results = await DeploymentChecks(config: try AppConfig(environment: env), logger: logger).run()
        // Who analyses is asked only of a database whose migrations are all applied.
        let migrated = results.first { $0.name == "migrations" }?.passed == true
        #expect(
            results.map(\.name) == ["debug", "secret_key", "api_key", "allowed_hosts", "media_root", "database", "migrations"]
                + (migrated ? ["workers"] : []))
        return Dictionary(uniqueKeysWithValues: results.map { ($0.name, $0) })
    }

    @Test func developmentSettingsFail() async throws {
        let secret = "short-secret-value"
        var (folder, env) = try environment(["SECRET_KEY": secret, "ALLOWED_HOSTS": "*"])
        // A file where MEDIA_ROOT should be a folder.
        let blocked = folder.appendingPathComponent("media-file")
        try Data().write(to: blocked)
        env["MEDIA_ROOT"] = blocked.path
        let results = try await run(env)
        for name in ["debug", "secret_key", "api_key", "allowed_hosts", "media_root", "migrations"] {
            #expect(results[name]?.passed == false, "\(name)")
        }
        #expect(results["database"]?.passed == true)
        #expect(results["secret_key"]?.description == "FAIL secret_key: SECRET_KEY has 18 characters; use at least 32")
        #expect(results["api_key"]?.description == "FAIL api_key: API_KEY is unset or the development default")
        #expect(results["migrations"]?.detail.contains("pending") == true)
        let output = results.values.map(\.description).joined(separator: "\n")
        #expect(!output.contains(secret) && !output.contains(AppConfig.developmentAPIKey))
    }

    @Test func productionSettingsPass() async throws {
        let secret = Crypto.base64URL(Crypto.randomBytes(36))
        let apiKey = Crypto.hex(Crypto.randomBytes(16))
        let (_, env) = try environment(["DEBUG": "false", "SECRET_KEY": secret, "API_KEY": apiKey, "ALLOWED_HOSTS": "audio.example.com"])
        let config = try AppConfig(environment: env)
        let database = try await openDatabase(url: config.database.url, logger: logger)
        try await Migrator(source: config.database.migrations, logger: logger).migrate(database)
        await database.close()
        let results = try await run(env)
        let failed = results.values.filter { !$0.passed }
        #expect(failed.isEmpty, "\(failed)")
        let output = results.values.map(\.description).joined(separator: "\n")
        #expect(!output.contains(secret) && !output.contains(apiKey))
        #expect(results["secret_key"]?.description == "ok secret_key: SECRET_KEY is set (48 characters)")
    }

    @Test func weakSecretsFail() async throws {
        let (_, env) = try environment(["SECRET_KEY": String(repeating: "ab", count: 20), "API_KEY": String(repeating: "k", count: 20)])
        let results = try await run(env)
        #expect(results["secret_key"]?.detail == "SECRET_KEY has fewer than 5 distinct characters")
        #expect(results["api_key"]?.passed == false)
    }

    @Test func unreachableDatabaseNeverShowsItsPassword() async throws {
        let password = "pg-password-\(UUID().uuidString)"
        let (_, env) = try environment(["DATABASE_URL": "postgres://audio:\(password)@127.0.0.1:1/audio?connect_timeout=2"])
        let results = try await run(env)
        #expect(results["database"]?.passed == false && results["migrations"]?.passed == false)
        #expect(!results.values.map(\.description).joined().contains(password))
    }

    @Test(.enabled(if: TestEnvironment.postgresURL != nil))
    func postgresIsReachable() async throws {
        let url = try #require(TestEnvironment.postgresURL)
        let (_, env) = try environment(["DATABASE_URL": url])
        let results = try await run(env)
        #expect(results["database"]?.description == "ok database: postgres reachable")
        if case .postgres(let info) = try DatabaseURL(parsing: url), let password = info.password {
            #expect(!results.values.map(\.description).joined().contains(password))
        }
    }

    @Test func configurationErrorsNameTheVariableNotTheValue() throws {
        do {
            _ = try AppConfig(environment: ["DEBUG": "false", "SECRET_KEY": AppConfig.developmentSecretKey, "API_KEY": "x"])
            Issue.record("accepted the development secret with DEBUG off")
        } catch {
            let line = DeploymentChecks.configurationFailed(error).description
            #expect(line == "FAIL configuration: SECRET_KEY: is the development default; set a real secret when DEBUG is false")
            #expect(!line.contains(AppConfig.developmentSecretKey))
        }
    }

    @Test func aWebOnlyProcessNeedsAWorkerSeenInTheLastMinute() async throws {
        let (_, env) = try environment(["ANALYSIS_WORKERS": "0"])
        let config = try AppConfig(environment: env)
        let database = try await openDatabase(url: config.database.url, logger: logger)
        try await Migrator(source: config.database.migrations, logger: logger).migrate(database)
        let registry = WorkerRegistry(database: database, clock: SystemJobClock())
        // A worker that stopped answering two minutes ago does not count.
        try await WorkerRegistry(database: database, clock: FixedJobClock(now: Date().addingTimeInterval(-120)))
            .announce(owner: "gone", threads: 4)
        var results = try await run(env)
        #expect(
            results["workers"]?.description == "FAIL workers: ANALYSIS_WORKERS=0 and no analysis worker seen in the last minute: "
                + "uploads wait until `audio-server worker` runs against this database")
        try await registry.announce(owner: "worker-a", threads: 2)
        results = try await run(env)
        #expect(
            results["workers"]?.description
                == "ok workers: 1 worker processes with 2 threads seen in the last minute (SQLite: they must share this host and volume)")
        try await registry.withdraw(owner: "worker-a")
        #expect(try await registry.presence() == WorkerRegistry.Presence(processes: 0, threads: 0))
        await database.close()
    }

    @Test func aProcessWithWorkersAnalysesItself() async throws {
        let (_, env) = try environment(["ANALYSIS_WORKERS": "3"])
        let config = try AppConfig(environment: env)
        let database = try await openDatabase(url: config.database.url, logger: logger)
        try await Migrator(source: config.database.migrations, logger: logger).migrate(database)
        await database.close()
        #expect(try await run(env)["workers"]?.description == "ok workers: this process analyses with 3 workers")
    }
}

/// A clock stopped at one instant (rows written "in the past").
private struct FixedJobClock: JobClock {
    let now: Date
    func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}
