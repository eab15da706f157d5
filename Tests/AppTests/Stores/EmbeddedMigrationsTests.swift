import Database
import Foundation
import Testing

@testable import App

/// The binary's copy of Migrations/ must be the folder, byte for byte: rerun scripts/embed-migrations.py after editing it.
@Suite struct EmbeddedMigrationsTests {
    @Test func embeddedFilesAreTheMigrationsFolder() throws {
        let folder = AppHarness.migrations
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }.sorted()
        let embedded = EmbeddedMigrations.files.sorted { $0.fileName < $1.fileName }
        #expect(embedded.map(\.fileName) == names, "run scripts/embed-migrations.py")
        for file in embedded {
            let onDisk = try Data(contentsOf: folder.appendingPathComponent(file.fileName))
            #expect(file.contents == onDisk, "\(file.fileName) differs from Migrations/: run scripts/embed-migrations.py")
        }
    }

    @Test func configurationUsesTheEmbeddedFilesUnlessMigrationsDirIsSet() throws {
        let embedded = try AppConfig(environment: ["PORT": "1"])
        guard case .files(let files) = embedded.database.migrations else {
            Issue.record("expected the embedded migrations")
            return
        }
        #expect(files.count == EmbeddedMigrations.files.count)
        let overridden = try AppConfig(environment: ["PORT": "1", "MIGRATIONS_DIR": "/srv/migrations"])
        guard case .directory(let url) = overridden.database.migrations else {
            Issue.record("expected MIGRATIONS_DIR")
            return
        }
        #expect(url.path == "/srv/migrations")
    }
}
