import Database
import Foundation
import Synchronization
import TestSupport
import Testing

@Suite struct SQLiteDatabaseTests {
    @Test func fileDatabaseUsesWALAndForeignKeysAndCreatesItsFolder() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sqlite-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("nested/deeper/db.sqlite3").path
        let db = try await SQLiteDatabase(path: path, logger: TestEnvironment.logger)
        #expect(FileManager.default.fileExists(atPath: path))
        let mode = try #require(try await db.queryFirst("PRAGMA journal_mode"))
        #expect(try mode.decode(String.self, at: 0) == "wal")
        let keys = try await db.transaction { tx in try await tx.queryFirst("PRAGMA foreign_keys") }
        #expect(try keys?.decode(Int.self, at: 0) == 1)
        await db.close()
    }

    @Test func memoryDatabaseIsOneSharedDatabase() async throws {
        let db = try await openDatabase(url: .sqliteMemory, logger: TestEnvironment.logger)
        try await db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in 0..<20 {
                group.addTask { try await db.execute("INSERT INTO t (id) VALUES (\(id))") }
                group.addTask { _ = try await db.query("SELECT COUNT(*) FROM t") }
            }
            try await group.waitForAll()
        }
        let row = try #require(try await db.queryFirst("SELECT COUNT(*) AS n FROM t"))
        #expect(try row.decode(Int.self, "n") == 20)
        await db.close()
    }

    @Test func writingQueriesGoToTheWriter() async throws {
        try await withTestDatabase(.sqlite) { db in
            try await db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER)")
            let row = try #require(try await db.queryFirst("INSERT INTO t (n) VALUES (\(5)) RETURNING id, n"))
            #expect(try row.decode(Int.self, "n") == 5)
            let count = try #require(try await db.queryFirst("SELECT COUNT(*) AS c FROM t"))
            #expect(try count.decode(Int.self, "c") == 1)
        }
    }

    @Test func oneStatementPerCall() async throws {
        try await withTestDatabase(.sqlite) { db in
            await #expect(throws: DatabaseError.self) {
                try await db.execute("CREATE TABLE a (id INTEGER); CREATE TABLE b (id INTEGER)")
            }
            try await db.execute("CREATE TABLE c (id INTEGER);")
        }
    }

    @Test func writingThroughTheDatabaseInsideATransactionFailsInsteadOfHanging() async throws {
        try await withTestDatabase(.sqlite) { db in
            try await db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
            do {
                try await db.transaction { _ in try await db.execute("INSERT INTO t (id) VALUES (1)") }
                Issue.record("a nested write was accepted")
            } catch let error as DatabaseError {
                #expect(error.message.contains("write through tx"))
            }
            // Reads through the database still work inside a transaction (they use the readers).
            let count = try await db.transaction { _ in try await db.query("SELECT COUNT(*) FROM t").count }
            #expect(count == 1)
        }
    }

    @Test func manyConcurrentReadsAllAnswerAndASlowOneHoldsUpNone() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sqlite-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try await SQLiteDatabase(
            path: folder.appendingPathComponent("db.sqlite3").path, options: DatabaseOptions(sqliteReaderCount: 2),
            logger: TestEnvironment.logger)
        try await db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
        for id in 0..<10 { try await db.execute("INSERT INTO t (id) VALUES (\(id))") }
        // A read that takes a while occupies one reader; the quick ones all pass it on the other.
        let slowFinished = Mutex(false)
        let slow = Task {
            let row = try await db.queryFirst(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000000) SELECT COUNT(*) FROM n")
            slowFinished.withLock { $0 = true }
            return try row?.decode(Int.self, at: 0)
        }
        let sum = try await withThrowingTaskGroup(of: Int.self) { group in
            for id in 0..<200 {
                group.addTask { try #require(try await db.queryFirst("SELECT id FROM t WHERE id = \(id % 10)")).decode(Int.self, at: 0) }
            }
            return try await group.reduce(0, +)
        }
        #expect(sum == (0..<200).reduce(0) { $0 + $1 % 10 })
        #expect(!slowFinished.withLock { $0 }, "quick reads waited behind the slow one")
        #expect(try await slow.value == 5_000_000)
        await db.close()
        do {
            _ = try await db.query("SELECT COUNT(*) FROM t")
            Issue.record("a closed database answered a read")
        } catch let error as DatabaseError {
            #expect(error.kind == .closed)
        }
    }

    @Test func unopenableFileFailsClearly() async throws {
        do {
            _ = try await SQLiteDatabase(path: "/proc/no-such-place/db.sqlite3", logger: TestEnvironment.logger)
            Issue.record("opened an impossible path")
        } catch let error as DatabaseError {
            #expect(error.kind == .connectionFailed)
        }
    }

    @Test func pingAnswersAndClosedDatabaseRefuses() async throws {
        // The deadline is not under test here: a full parallel run can hold the
        // two-thread concurrency pool for seconds with other suites' DSP, so a
        // tight one would time out on scheduling, not on SQLite.
        let db = try await openDatabase(url: .sqliteMemory, logger: TestEnvironment.logger)
        try await db.ping(timeout: .seconds(60))
        await db.close()
        do {
            try await db.ping(timeout: .seconds(60))
            Issue.record("a closed database answered")
        } catch let error as DatabaseError {
            #expect(error.kind == .closed)
        }
    }
}
