import Database
import Foundation
import TestSupport
import Testing

@Suite struct MigratorTests {
    static let files = [
        "0001_create_notes.sql":
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);\nINSERT INTO notes (id, body) VALUES (1, 'first');",
        "0002_add_tags.postgres.sql": "CREATE TABLE tags (id BIGSERIAL PRIMARY KEY, note_id INTEGER NOT NULL REFERENCES notes(id), label TEXT);",
        "0002_add_tags.sqlite.sql":
            "CREATE TABLE tags (id INTEGER PRIMARY KEY AUTOINCREMENT, note_id INTEGER NOT NULL REFERENCES notes(id), label TEXT);",
        "0010_tag_first.sql": "INSERT INTO tags (note_id, label) VALUES (1, 'ten');",
        "README.md": "not a migration",
    ]

    func migrator(_ folder: MigrationFolder) -> Migrator {
        Migrator(directory: folder.url, logger: TestEnvironment.logger)
    }

    @Test(arguments: DatabaseDriver.available)
    func appliesInVersionOrderOnceAndRecordsEach(_ driver: DatabaseDriver) async throws {
        let folder = try MigrationFolder(Self.files)
        defer { folder.remove() }
        try await withTestDatabase(driver) { db in
            let applied = try await migrator(folder).migrate(db)
            #expect(applied.map(\.version) == [1, 2, 10])
            #expect(applied[1].fileName == "0002_add_tags.\(driver.rawValue).sql")
            #expect(try await migrator(folder).migrate(db).isEmpty)
            let records = try await migrator(folder).appliedMigrations(in: db)
            #expect(records.map(\.name) == ["create_notes", "add_tags", "tag_first"])
            #expect(records.map(\.checksum) == applied.map(\.checksum))
            #expect(records.allSatisfy { abs($0.appliedAt.timeIntervalSinceNow) < 60 })
            let tags = try await db.query("SELECT label FROM tags").map { try $0.decode(String.self, "label") }
            #expect(tags == ["ten"])
            #expect(try await migrator(folder).pendingMigrations(in: db).isEmpty)
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func changedAppliedFileStopsTheRun(_ driver: DatabaseDriver) async throws {
        let folder = try MigrationFolder(Self.files)
        defer { folder.remove() }
        try await withTestDatabase(driver) { db in
            try await migrator(folder).migrate(db)
            try folder.write("0001_create_notes.sql", "CREATE TABLE notes (id INTEGER PRIMARY KEY);")
            try folder.write("0011_more.sql", "CREATE TABLE more (id INTEGER PRIMARY KEY);")
            do {
                try await migrator(folder).migrate(db)
                Issue.record("expected a checksum error")
            } catch let error as DatabaseError {
                #expect(error.kind == .migration)
                #expect(error.message.contains("0001_create_notes.sql was changed"))
            }
            // Nothing after the mismatch ran.
            #expect(try await migrator(folder).appliedMigrations(in: db).count == 3)
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func failingMigrationLeavesNoTrace(_ driver: DatabaseDriver) async throws {
        let folder = try MigrationFolder([
            "0001_ok.sql": "CREATE TABLE ok (id INTEGER PRIMARY KEY);",
            "0002_broken.sql": "CREATE TABLE half (id INTEGER PRIMARY KEY);\nINSERT INTO missing_table VALUES (1);",
        ])
        defer { folder.remove() }
        try await withTestDatabase(driver) { db in
            do {
                try await migrator(folder).migrate(db)
                Issue.record("expected the broken migration to fail")
            } catch let error as DatabaseError {
                #expect(error.message.contains("0002_broken.sql"))
            }
            #expect(try await migrator(folder).appliedMigrations(in: db).map(\.version) == [1])
            // The table created before the failing statement was rolled back with it.
            await #expect(throws: DatabaseError.self) { try await db.query("SELECT * FROM half") }
        }
    }

    /// Two servers starting at once: each file runs exactly once.
    @Test(arguments: DatabaseDriver.available)
    func concurrentMigratorsApplyEachFileOnce(_ driver: DatabaseDriver) async throws {
        var files: [String: String] = ["0001_log.sql": "CREATE TABLE log (id INTEGER PRIMARY KEY, version INTEGER NOT NULL UNIQUE);"]
        for version in 2...8 {
            files[String(format: "%04d_step_%d.sql", version, version)] = "INSERT INTO log (id, version) VALUES (\(version), \(version));"
        }
        let folder = try MigrationFolder(files)
        defer { folder.remove() }
        try await withTestLocation(driver) { location in
            let databases = [try await location.open(), try await location.open(), try await location.open()]
            let runs = try await withThrowingTaskGroup(of: [Int].self) { group in
                for db in databases {
                    group.addTask { try await migrator(folder).migrate(db).map(\.version) }
                }
                var all: [Int] = []
                for try await versions in group { all += versions }
                return all
            }
            #expect(runs.sorted() == Array(1...8))
            let logged = try await databases[0].query("SELECT version FROM log ORDER BY version").map { try $0.decode(Int.self, "version") }
            #expect(logged == Array(2...8))
            for db in databases { await db.close() }
        }
    }

    @Test(arguments: [
        ["1_short.sql": "SELECT 1;"],
        ["0001-dash.sql": "SELECT 1;"],
        ["0001_a.sql": "SELECT 1;", "0001_b.sql": "SELECT 1;"],
        ["0001_only_pg.postgres.sql": "SELECT 1;"],
    ])
    func badFolderContentsAreRejected(_ files: [String: String]) async throws {
        let folder = try MigrationFolder(files)
        defer { folder.remove() }
        do {
            _ = try await migrator(folder).migrations(for: .sqlite)
            Issue.record("accepted \(files.keys.sorted())")
        } catch let error as DatabaseError {
            #expect(error.kind == .migration)
        }
    }

    @Test func missingFolderIsAClearError() async throws {
        let migrator = Migrator(directory: URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)"), logger: TestEnvironment.logger)
        await #expect(throws: DatabaseError.self) { try await migrator.migrations(for: .postgres) }
    }

    @Test(arguments: DatabaseDriver.available)
    func projectMigrationsApplyCleanly(_ driver: DatabaseDriver) async throws {
        try await withTestDatabase(driver) { db in
            let migrator = Migrator(directory: MigrationFolder.project, logger: TestEnvironment.logger)
            let applied = try await migrator.migrate(db)
            #expect(!applied.isEmpty)
            #expect(try await migrator.migrate(db).isEmpty)
            for table in ["users", "tracks", "fragments"] {
                _ = try await db.query("SELECT * FROM \(raw: table) LIMIT 1")
            }
        }
    }
}

@Suite struct MigrationSourceTests {
    /// Files compiled into a binary follow the same rules as a folder's.
    @Test(arguments: DatabaseDriver.available)
    func embeddedFilesApplyLikeAFolder(_ driver: DatabaseDriver) async throws {
        let files = MigratorTests.files.map { MigrationFile(fileName: $0.key, contents: Data($0.value.utf8)) }
        try await withTestDatabase(driver) { db in
            let applied = try await Migrator(source: .files(files), logger: TestEnvironment.logger).migrate(db)
            #expect(applied.map(\.fileName) == ["0001_create_notes.sql", "0002_add_tags.\(driver.rawValue).sql", "0010_tag_first.sql"])
        }
    }

    @Test func misnamedEmbeddedFileIsAnError() async throws {
        let files = [MigrationFile(fileName: "1_bad.sql", contents: Data("SELECT 1".utf8))]
        await #expect(throws: DatabaseError.self) {
            try await Migrator(source: .files(files), logger: TestEnvironment.logger).migrations(for: .sqlite)
        }
    }
}
