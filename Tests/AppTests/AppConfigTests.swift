import Chat
import Database
import Foundation
import Testing

@testable import App

@Suite struct AppConfigTests {
    @Test func developmentDefaults() throws {
        let config = try AppConfig(environment: [:])
        #expect(config.server.port == 8000)
        #expect(config.debug)
        #expect(config.database.url == .sqliteFile(path: "data/db.sqlite3"))
        #expect(config.storage.mediaRoot.path.hasSuffix("data/uploads"))
        #expect(config.security.apiKey == "dev-api-key")
        #expect(config.security.allowedHosts == ["localhost", "127.0.0.1"])
        #expect(config.storage.maxUploadMB == 100)
        #expect(config.chat.providers.model == "local")
        #expect(config.server.batchScheduling)
        #expect(try !AppConfig(environment: ["BATCH_SCHEDULING": "false"]).server.batchScheduling)
    }

    @Test func railwayTurnsDebugOffAndAddsItsDomain() throws {
        let env = [
            "RAILWAY_ENVIRONMENT": "production", "SECRET_KEY": "s3cret-value", "API_KEY": "k3y",
            "RAILWAY_PUBLIC_DOMAIN": "app.up.railway.app", "RAILWAY_VOLUME_MOUNT_PATH": "/data",
        ]
        let config = try AppConfig(environment: env)
        #expect(!config.debug)
        #expect(config.security.allowedHosts.contains("app.up.railway.app"))
        #expect(config.storage.mediaRoot.path == "/data")
    }

    @Test(arguments: [
        (["PORT": "abc"], "PORT"),
        (["PORT": "70000"], "PORT"),
        (["DEBUG": "maybe"], "DEBUG"),
        (["DEBUG": "false"], "SECRET_KEY"),
        (["DEBUG": "false", "SECRET_KEY": "x"], "API_KEY"),
        (["DEBUG": "false", "SECRET_KEY": "dev-secret-key-not-for-production", "API_KEY": "k"], "SECRET_KEY"),
        (["MAX_UPLOAD_MB": "0"], "MAX_UPLOAD_MB"),
        (["LOG_LEVEL": "loud"], "LOG_LEVEL"),
        (["LOG_FORMAT": "xml"], "LOG_FORMAT"),
        (["EVENT_LOOPS": "-1"], "EVENT_LOOPS"),
        (["BATCH_SCHEDULING": "sometimes"], "BATCH_SCHEDULING"),
        (["DATABASE_URL": "mysql://u:p@h/db"], "DATABASE_URL"),
        (["DATABASE_URL": "postgres://user:hunter2@host:notaport/db"], "DATABASE_URL"),
        (["DB_POOL_SIZE": "0"], "DB_POOL_SIZE"),
        (["ANALYSIS_WORKERS": "65"], "ANALYSIS_WORKERS"),
        (["ANALYSIS_LEASE_SECONDS": "1"], "ANALYSIS_LEASE_SECONDS"),
        (["ANALYSIS_MAX_ATTEMPTS": "0"], "ANALYSIS_MAX_ATTEMPTS"),
        (["JOB_POLL_SECONDS": "soon"], "JOB_POLL_SECONDS"),
    ])
    func invalidValuesNameTheirVariable(env: [String: String], variable: String) {
        #expect {
            try AppConfig(environment: env)
        } throws: { error in
            (error as? ConfigError)?.variable == variable
        }
    }

    @Test func analysisWorkersMayBeZeroForServeButNotForWorker() throws {
        let webOnly = try AppConfig(environment: ["ANALYSIS_WORKERS": "0"])
        #expect(webOnly.analysis.workers == 0)
        #expect {
            try webOnly.forWorkerCommand()
        } throws: { error in
            (error as? ConfigError)?.variable == "ANALYSIS_WORKERS"
        }
        #expect(try AppConfig(environment: ["ANALYSIS_WORKERS": "3"]).forWorkerCommand().analysis.workers == 3)
        let defaults = try AppConfig(environment: [:])
        #expect(try defaults.forWorkerCommand().analysis.workers >= defaults.analysis.workers)
        #expect(defaults.analysis.leaseSeconds == 60 && defaults.analysis.maxAttempts == 3 && defaults.analysis.jobPollSeconds == 5)
    }

    @Test func batchSchedulingIsOnForServeAndOffForWorkerUnlessSet() throws {
        let defaults = try AppConfig(environment: [:])
        #expect(defaults.server.batchScheduling)
        #expect(try !defaults.forWorkerCommand().server.batchScheduling)
        let on = try AppConfig(environment: ["BATCH_SCHEDULING": "true"])
        #expect(try on.forWorkerCommand().server.batchScheduling)
        let off = try AppConfig(environment: ["BATCH_SCHEDULING": "false"])
        #expect(!off.server.batchScheduling)
        #expect(try !off.forWorkerCommand().server.batchScheduling)
        #expect(throws: ConfigError.self) { try AppConfig(environment: ["BATCH_SCHEDULING": "sometimes"]) }
    }

    @Test func databasePasswordNeverAppearsInErrors() {
        do {
            _ = try AppConfig(environment: ["DATABASE_URL": "postgres://user:hunter2@host:notaport/db"])
            Issue.record("expected an error")
        } catch {
            #expect(!"\(error)".contains("hunter2"))
        }
    }

    @Test func secretsNeverAppearInErrors() {
        let env = ["DEBUG": "false", "SECRET_KEY": "dev-secret-key-not-for-production", "API_KEY": "k"]
        do {
            _ = try AppConfig(environment: env)
            Issue.record("expected an error")
        } catch {
            #expect(!"\(error)".contains("dev-secret-key-not-for-production"))
        }
    }

    @Test func aMissingPublicFolderStopsTheStartWithOneLineNamingIt() async throws {
        do {
            _ = try await AppHarness(["PUBLIC_DIR": "/no/such/public-folder"])
            Issue.record("started without a public folder")
        } catch let error as ConfigError {
            #expect(error.variable == "PUBLIC_DIR")
            #expect(error.description == "PUBLIC_DIR: cannot read the folder /no/such/public-folder (No such file or directory)")
        }
    }
}
