import Database
import Foundation
public import Logging

/// One result of `audio-server check`, printed as `ok|FAIL <name>: <detail>`.
public struct DeploymentCheck: Sendable, Equatable, CustomStringConvertible {
    /// What was checked, e.g. `secret_key`.
    public let name: String
    /// Whether the deployment passes it.
    public let passed: Bool
    /// Why, in a few words; never a secret's value.
    public let detail: String

    /// Creates a result.
    public init(name: String, passed: Bool, detail: String) {
        self.name = name
        self.passed = passed
        self.detail = detail
    }

    /// The printed line.
    public var description: String { "\(passed ? "ok" : "FAIL") \(name): \(detail)" }
}

/// The production readiness checks (the equivalent of Django's
/// `manage.py check --deploy`): DEBUG off, real secrets, a host allow-list,
/// a writable MEDIA_ROOT (or with a bucket configured: the bucket answers HeadBucket with these
/// credentials), a reachable database with every migration applied.
///
/// Details never contain SECRET_KEY, API_KEY or the database password: each is
/// built from lengths and names only, and is also scrubbed before it is returned.
public struct DeploymentChecks: Sendable {
    /// Shortest SECRET_KEY accepted, in characters (HS256 keys should carry ≥ 256 bits).
    public static let minimumSecretKeyLength = 32
    /// Shortest API_KEY accepted, in characters.
    public static let minimumAPIKeyLength = 16

    private let config: AppConfig
    private let logger: Logger

    /// Checks for `config`; `logger` receives the database driver's messages.
    public init(config: AppConfig, logger: Logger) {
        self.config = config
        self.logger = logger
    }

    /// The single result reported when the configuration itself does not load.
    /// - Parameter error: the `ConfigError` (its text never holds a secret's value).
    public static func configurationFailed(_ error: any Error) -> DeploymentCheck {
        DeploymentCheck(name: "configuration", passed: false, detail: "\(error)")
    }

    /// Runs every check, in a fixed order.
    /// - Returns: one result per check; the deployment is ready when all passed.
    public func run() async -> [DeploymentCheck] {
        var results = [debug(), secretKey(), apiKey(), allowedHosts()]
        if let storage = config.storage.objectStorage {
            results.append(await bucket(storage))
        } else {
            results.append(await mediaRoot())
        }
        results += await database()
        return results.map(redacted)
    }

    private func debug() -> DeploymentCheck {
        DeploymentCheck(name: "debug", passed: !config.debug, detail: config.debug ? "DEBUG is on" : "DEBUG is off")
    }

    private func secretKey() -> DeploymentCheck {
        secret(
            "secret_key", config.security.secretKey, development: AppConfig.developmentSecretKey,
            minimum: Self.minimumSecretKeyLength)
    }

    private func apiKey() -> DeploymentCheck {
        secret("api_key", config.security.apiKey, development: AppConfig.developmentAPIKey, minimum: Self.minimumAPIKeyLength)
    }

    private func secret(_ name: String, _ value: String, development: String, minimum: Int) -> DeploymentCheck {
        let variable = name.uppercased()
        if value == development {
            return DeploymentCheck(name: name, passed: false, detail: "\(variable) is unset or the development default")
        }
        if value.count < minimum {
            return DeploymentCheck(
                name: name, passed: false,
                detail: "\(variable) has \(value.count) characters; use at least \(minimum)")
        }
        if Set(value).count < 5 {
            return DeploymentCheck(name: name, passed: false, detail: "\(variable) has fewer than 5 distinct characters")
        }
        return DeploymentCheck(name: name, passed: true, detail: "\(variable) is set (\(value.count) characters)")
    }

    private func allowedHosts() -> DeploymentCheck {
        let hosts = config.security.allowedHosts
        if hosts.isEmpty { return DeploymentCheck(name: "allowed_hosts", passed: false, detail: "ALLOWED_HOSTS is empty") }
        if hosts.contains("*") {
            return DeploymentCheck(name: "allowed_hosts", passed: false, detail: "ALLOWED_HOSTS allows any host (*)")
        }
        return DeploymentCheck(name: "allowed_hosts", passed: true, detail: hosts.joined(separator: ","))
    }

    private func mediaRoot() async -> DeploymentCheck {
        let root = config.storage.mediaRoot
        let io = BlockingExecutor(label: "deployment-check", width: 1)
        let problem: String? = await io.run {
            do {
                try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            } catch {
                return "cannot be created"
            }
            let probe = root.appendingPathComponent(".check-probe-\(getpid())")
            guard FileManager.default.createFile(atPath: probe.path, contents: Data("ok".utf8)) else { return "not writable" }
            do {
                try FileManager.default.removeItem(at: probe)
            } catch {
                return "probe file could not be removed"
            }
            return nil
        }
        return DeploymentCheck(name: "media_root", passed: problem == nil, detail: "\(root.path) \(problem ?? "is writable")")
    }

    /// HeadBucket with the configured credentials: wrong keys, a missing bucket or a wrong region
    /// fail here rather than at the first upload.
    private func bucket(_ storage: S3Configuration) async -> DeploymentCheck {
        let client = S3Client(configuration: storage, io: BlockingExecutor(label: "deployment-check", width: 1))
        do {
            try await client.headBucket(timeout: 10)
            return DeploymentCheck(name: "bucket", passed: true, detail: "\(storage.bucket) reachable (\(storage.origin))")
        } catch {
            return DeploymentCheck(name: "bucket", passed: false, detail: "\(storage.bucket): \(error)")
        }
    }

    /// `database` (reachable) and `migrations` (none pending), which share one connection.
    private func database() async -> [DeploymentCheck] {
        let options = DatabaseOptions(poolSize: 1, statementTimeout: .seconds(10))
        let database: any SQLDatabase
        do {
            database = try await openDatabase(url: config.database.url, options: options, logger: logger)
            try await database.ping(timeout: .seconds(5))
        } catch {
            return [
                DeploymentCheck(name: "database", passed: false, detail: "\(config.database.url.dialect.rawValue): \(error)"),
                DeploymentCheck(name: "migrations", passed: false, detail: "not checked: the database is unreachable"),
            ]
        }
        let reachable = DeploymentCheck(name: "database", passed: true, detail: "\(config.database.url.dialect.rawValue) reachable")
        let migrations: DeploymentCheck
        do {
            let pending = try await Migrator(source: config.database.migrations, logger: logger).pendingMigrations(in: database)
            migrations =
                pending.isEmpty
                ? DeploymentCheck(name: "migrations", passed: true, detail: "all applied")
                : DeploymentCheck(
                    name: "migrations", passed: false,
                    detail: "\(pending.count) pending: "
                        + pending.map(\.fileName).joined(separator: ", ") + "; run audio-server migrate")
        } catch {
            migrations = DeploymentCheck(name: "migrations", passed: false, detail: "\(error)")
        }
        var results = [reachable, migrations]
        if migrations.passed { results.append(await workers(database)) }
        await database.close()
        return results
    }

    /// `workers`: who analyses uploads. A web-only process (ANALYSIS_WORKERS=0) needs a
    /// `worker` process on the same database, seen within the last minute.
    private func workers(_ database: any SQLDatabase) async -> DeploymentCheck {
        guard config.analysis.workers == 0 else {
            return DeploymentCheck(name: "workers", passed: true, detail: "this process analyses with \(config.analysis.workers) workers")
        }
        do {
            let seen = try await WorkerRegistry(database: database, clock: SystemJobClock()).presence()
            guard seen.processes > 0 else {
                return DeploymentCheck(
                    name: "workers", passed: false,
                    detail: "ANALYSIS_WORKERS=0 and no analysis worker seen in the last minute: "
                        + "uploads wait until `audio-server worker` runs against this database")
            }
            let sqliteNote = config.database.url.dialect == .sqlite ? " (SQLite: they must share this host and volume)" : ""
            return DeploymentCheck(
                name: "workers", passed: true,
                detail: "\(seen.processes) worker processes with \(seen.threads) threads seen in the last minute\(sqliteNote)")
        } catch {
            return DeploymentCheck(name: "workers", passed: false, detail: "cannot read analysis_workers: \(error)")
        }
    }

    /// Replaces any secret that slipped into a detail (a driver message, say) with `***`.
    private func redacted(_ check: DeploymentCheck) -> DeploymentCheck {
        var secrets = [config.security.secretKey, config.security.apiKey]
        if let storage = config.storage.objectStorage { secrets.append(storage.credentials.secretAccessKey) }
        if case .postgres(let info) = config.database.url {
            secrets += [info.password, info.parameter("password")].compactMap { $0 }
        }
        var detail = check.detail
        // Very short values would garble ordinary words; the length checks already fail those.
        for secret in secrets where secret.count >= 6 {
            detail = detail.replacingOccurrences(of: secret, with: "***")
        }
        return DeploymentCheck(name: check.name, passed: check.passed, detail: detail)
    }
}
