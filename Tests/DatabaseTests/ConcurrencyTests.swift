import Database
import Foundation
import TestSupport
import Testing

@Suite struct ConcurrencyTests {
    /// 50 writers doing read-modify-write in transactions, 50 atomic increments
    /// and 50 readers all at once: no update lost, no "database is locked".
    @Test(arguments: DatabaseDriver.available)
    func concurrentWritersAndReaders(_ driver: DatabaseDriver) async throws {
        try await withTestDatabase(driver, options: DatabaseOptions(poolSize: 8)) { db in
            try await db.execute("CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
            try await db.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL)")
            try await db.execute("INSERT INTO counters (id, n) VALUES (1, 0), (2, 0)")
            // Postgres needs the row lock to serialize the read-modify-write; SQLite's BEGIN IMMEDIATE already does.
            let lock = db.dialect == .postgres ? " FOR UPDATE" : ""
            let returned = try await withThrowingTaskGroup(of: Int?.self) { group in
                for writer in 0..<50 {
                    group.addTask {
                        try await db.transaction { tx in
                            let row = try #require(try await tx.queryFirst("SELECT n FROM counters WHERE id = 1\(raw: lock)"))
                            let n = try row.decode(Int.self, "n")
                            try await tx.execute("UPDATE counters SET n = \(n + 1) WHERE id = 1")
                            try await tx.execute("INSERT INTO events (id, writer) VALUES (\(writer), \(writer))")
                        }
                        return nil
                    }
                    group.addTask {
                        let row = try #require(try await db.queryFirst("UPDATE counters SET n = n + 1 WHERE id = 2 RETURNING n"))
                        return try row.decode(Int.self, "n")
                    }
                    group.addTask {
                        let row = try #require(try await db.queryFirst("SELECT COUNT(*) AS c FROM events"))
                        #expect((0...50).contains(try row.decode(Int.self, "c")))
                        return nil
                    }
                }
                var values: [Int] = []
                for try await value in group { if let value { values.append(value) } }
                return values
            }
            let counters = try await db.query("SELECT n FROM counters ORDER BY id").map { try $0.decode(Int.self, "n") }
            #expect(counters == [50, 50])
            #expect(returned.sorted() == Array(1...50))
            let events = try #require(try await db.queryFirst("SELECT COUNT(*) AS c FROM events"))
            #expect(try events.decode(Int.self, "c") == 50)
        }
    }

    /// Two independent connections to one SQLite file, as two server processes would have.
    @Test func twoSQLiteHandlesOnOneFileWaitInsteadOfFailing() async throws {
        try await withTestLocation(.sqlite) { location in
            let first = try await location.open()
            let second = try await location.open()
            try await first.execute("CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
            try await first.execute("INSERT INTO counters (id, n) VALUES (1, 0)")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    let db = index.isMultiple(of: 2) ? first : second
                    group.addTask {
                        try await db.transaction { tx in
                            let row = try #require(try await tx.queryFirst("SELECT n FROM counters WHERE id = 1"))
                            try await tx.execute("UPDATE counters SET n = \(try row.decode(Int.self, "n") + 1) WHERE id = 1")
                        }
                    }
                }
                try await group.waitForAll()
            }
            let row = try #require(try await second.queryFirst("SELECT n FROM counters WHERE id = 1"))
            #expect(try row.decode(Int.self, "n") == 40)
            await first.close()
            await second.close()
        }
    }
}
