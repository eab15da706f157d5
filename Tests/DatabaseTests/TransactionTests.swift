import Database
import Foundation
import TestSupport
import Testing

@Suite struct TransactionTests {
    struct Boom: Error {}

    static func createTables(_ db: any SQLDatabase) async throws {
        try await db.execute("CREATE TABLE parents (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, score INTEGER CHECK (score >= 0))")
        try await db.execute("CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parents(id))")
    }

    static func count(_ db: any QueryExecutor, _ table: String) async throws -> Int {
        let row = try #require(try await db.queryFirst("SELECT COUNT(*) AS n FROM \(raw: table)"))
        return try row.decode(Int.self, "n")
    }

    @Test(arguments: DatabaseDriver.available)
    func commitsWhenTheBodyReturns(_ driver: DatabaseDriver) async throws {
        try await withTestDatabase(driver) { db in
            try await Self.createTables(db)
            let inserted = try await db.transaction { tx in
                try await tx.execute("INSERT INTO parents (id, email) VALUES (\(1), \("a@example.com"))")
                try await tx.execute("INSERT INTO children (id, parent_id) VALUES (\(1), \(1))")
                return try await Self.count(tx, "parents")
            }
            #expect(inserted == 1)
            #expect(try await Self.count(db, "children") == 1)
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func rollsBackWhenTheBodyThrows(_ driver: DatabaseDriver) async throws {
        try await withTestDatabase(driver) { db in
            try await Self.createTables(db)
            await #expect(throws: Boom.self) {
                try await db.transaction { tx in
                    try await tx.execute("INSERT INTO parents (id, email) VALUES (\(1), \("a@example.com"))")
                    throw Boom()
                }
            }
            #expect(try await Self.count(db, "parents") == 0)
            // The connection is usable again afterwards.
            try await db.execute("INSERT INTO parents (id, email) VALUES (\(2), \("b@example.com"))")
            #expect(try await Self.count(db, "parents") == 1)
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func rollsBackWhenAStatementFails(_ driver: DatabaseDriver) async throws {
        try await withTestDatabase(driver) { db in
            try await Self.createTables(db)
            do {
                try await db.transaction { tx in
                    try await tx.execute("INSERT INTO parents (id, email) VALUES (\(1), \("a@example.com"))")
                    try await tx.execute("INSERT INTO parents (id, email) VALUES (\(2), \("a@example.com"))")
                }
                Issue.record("expected a unique violation")
            } catch let error as DatabaseError {
                #expect(error.isUniqueViolation)
            }
            #expect(try await Self.count(db, "parents") == 0)
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func transactionCannotBeUsedAfterItEnds(_ driver: DatabaseDriver) async throws {
        try await withTestDatabase(driver) { db in
            try await Self.createTables(db)
            let escaped = try await db.transaction { tx in tx }
            do {
                try await escaped.execute("INSERT INTO parents (id, email) VALUES (\(1), \("a@example.com"))")
                Issue.record("expected a closed error")
            } catch let error as DatabaseError {
                #expect(error.kind == .closed)
            }
        }
    }

    @Test(arguments: DatabaseDriver.available)
    func constraintViolationsAreTyped(_ driver: DatabaseDriver) async throws {
        try await withTestDatabase(driver) { db in
            try await Self.createTables(db)
            try await db.execute("INSERT INTO parents (id, email) VALUES (\(1), \("taken@example.com"))")
            let cases: [(SQL, DatabaseError.Kind)] = [
                ("INSERT INTO parents (id, email) VALUES (\(2), \("taken@example.com"))", .uniqueViolation),
                ("INSERT INTO parents (id, email) VALUES (\(1), \("other@example.com"))", .uniqueViolation),
                ("INSERT INTO children (id, parent_id) VALUES (\(1), \(99))", .foreignKeyViolation),
                ("INSERT INTO parents (id, email) VALUES (\(3), \(nil as String?))", .notNullViolation),
                ("INSERT INTO parents (id, email, score) VALUES (\(4), \("x@example.com"), \(-1))", .checkViolation),
                ("INSERT INTO no_such_table VALUES (\(1))", .statement),
            ]
            for (sql, kind) in cases {
                do {
                    try await db.execute(sql)
                    Issue.record("accepted \(sql)")
                } catch let error as DatabaseError {
                    #expect(error.kind == kind, "\(error)")
                    #expect(error.driver == db.dialect)
                    #expect(error.code != nil)
                    #expect(!error.description.contains("taken@example.com"))
                }
            }
        }
    }
}
