import Foundation
import Testing

@testable import Database

@Suite struct SQLTests {
    @Test func interpolationBindsValuesInsteadOfSplicingThem() {
        let name = "Robert'); DROP TABLE tracks; --"
        let sql: SQL = "SELECT * FROM users WHERE email = \(name) AND id > \(42) AND note = \(nil as String?)"
        #expect(sql.text == "SELECT * FROM users WHERE email = ? AND id > ? AND note = ?")
        #expect(sql.values == [.text(name), .integer(42), .null])
    }

    @Test func fragmentsKeepTheirValuesInOrder() {
        let filter: SQL = "owner_id = \(7)"
        var sql: SQL = "SELECT * FROM tracks WHERE \(filter) AND status = \("ready")"
        sql.append(" LIMIT \(10)")
        #expect(sql.text == "SELECT * FROM tracks WHERE owner_id = ? AND status = ? LIMIT ?")
        #expect(sql.values == [.integer(7), .text("ready"), .integer(10)])
    }

    @Test func rawTextIsOnlySplicedWhenAskedFor() {
        let sql: SQL = "SELECT * FROM \(raw: "tracks") WHERE id IN (\(SQL.list([1, 2, 3])))"
        #expect(sql.text == "SELECT * FROM tracks WHERE id IN (?, ?, ?)")
        #expect(sql.values.count == 3)
        #expect(SQL.list([]).text == "NULL")
    }

    @Test func postgresPlaceholdersAreNumberedOutsideLiteralsAndComments() throws {
        let sql = SQL(
            sql: "SELECT '?', \"a?\", ? -- why?\n, ? /* ? */, 'it''s ?', ?",
            values: [.integer(1), .integer(2), .integer(3)])
        #expect(try sql.prepared(for: .postgres) == "SELECT '?', \"a?\", $1 -- why?\n, $2 /* ? */, 'it''s ?', $3")
        #expect(try sql.prepared(for: .sqlite) == sql.text)
    }

    @Test func placeholderCountMustMatchValues() {
        let sql = SQL(sql: "SELECT ?, ?", values: [.integer(1)])
        #expect(throws: DatabaseError.self) { try sql.prepared(for: .postgres) }
        do {
            _ = try sql.prepared(for: .sqlite)
            Issue.record("expected a binding error")
        } catch {
            #expect(error.kind == .binding)
        }
    }

    @Test func descriptionNeverShowsBoundValues() {
        let sql: SQL = "UPDATE users SET password_hash = \("secret-hash")"
        #expect(!sql.description.contains("secret-hash"))
        let error = DatabaseError(
            kind: .statement, driver: .postgres, code: "42601", message: "syntax error",
            sql: sql.text, values: sql.values)
        #expect(!error.description.contains("secret-hash"))
        #expect(error.expandedDescription.contains("secret-hash"))
    }
}
