import Database
import Foundation
import Testing

@testable import App

@Suite struct AppConfigTests {
    @Test func developmentDefaults() throws {
        let config = try AppConfig(environment: [:])
        #expect(config.port == 8000)
        #expect(config.debug)
        #expect(config.databaseURL == .sqliteFile(path: "data/db.sqlite3"))
        #expect(config.mediaRoot.path.hasSuffix("data/uploads"))
        #expect(config.apiKey == "dev-api-key")
        #expect(config.allowedHosts == ["localhost", "127.0.0.1"])
        #expect(config.maxUploadMB == 100)
        #expect(config.llmModel == "local")
        #expect(config.batchScheduling)
        #expect(try !AppConfig(environment: ["BATCH_SCHEDULING": "false"]).batchScheduling)
    }

    @Test func railwayTurnsDebugOffAndAddsItsDomain() throws {
        let env = [
            "RAILWAY_ENVIRONMENT": "production", "SECRET_KEY": "s3cret-value", "API_KEY": "k3y",
            "RAILWAY_PUBLIC_DOMAIN": "app.up.railway.app", "RAILWAY_VOLUME_MOUNT_PATH": "/data",
        ]
        let config = try AppConfig(environment: env)
        #expect(!config.debug)
        #expect(config.allowedHosts.contains("app.up.railway.app"))
        #expect(config.mediaRoot.path == "/data")
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
        #expect(webOnly.analysisWorkers == 0)
        #expect {
            try webOnly.forWorkerCommand()
        } throws: { error in
            (error as? ConfigError)?.variable == "ANALYSIS_WORKERS"
        }
        #expect(try AppConfig(environment: ["ANALYSIS_WORKERS": "3"]).forWorkerCommand().analysisWorkers == 3)
        let defaults = try AppConfig(environment: [:])
        #expect(try defaults.forWorkerCommand().analysisWorkers >= defaults.analysisWorkers)
        #expect(defaults.analysisLeaseSeconds == 60 && defaults.analysisMaxAttempts == 3 && defaults.jobPollSeconds == 5)
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
