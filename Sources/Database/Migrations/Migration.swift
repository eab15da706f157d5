public import Foundation

/// One migration file chosen for a dialect.
public struct Migration: Sendable, Hashable {
    /// The `NNNN` prefix; migrations apply in increasing order.
    public let version: Int
    /// The name after the prefix, without the dialect suffix (`create_tracks`).
    public let name: String
    /// The file's name (`0001_create_tracks.postgres.sql`).
    public let fileName: String
    /// The SQL it runs.
    public let sql: String
    /// SHA-256 of the file's bytes, lowercase hex; recorded so an edited file is noticed.
    public let checksum: String

    /// Creates a migration from a file's name and bytes.
    /// - Parameters:
    ///   - version: the `NNNN` prefix.
    ///   - name: the name after the prefix.
    ///   - fileName: the file name.
    ///   - contents: the file's bytes, UTF-8.
    public init(version: Int, name: String, fileName: String, contents: Data) {
        self.version = version
        self.name = name
        self.fileName = fileName
        self.sql = String(decoding: contents, as: UTF8.self)
        self.checksum = SHA256.hex(Array(contents))
    }
}

/// A row of `schema_migrations`: a migration that has run.
public struct AppliedMigration: Sendable, Hashable, RowDecodable {
    /// The migration's version.
    public let version: Int
    /// Its name.
    public let name: String
    /// The checksum of the file when it ran.
    public let checksum: String
    /// When it ran.
    public let appliedAt: Date

    /// Decodes a `schema_migrations` row.
    public init(row: Row) throws {
        version = try row.decode(Int.self, "version")
        name = try row.decode(String.self, "name")
        checksum = try row.decode(String.self, "checksum")
        appliedAt = try row.decode(Date.self, "applied_at")
    }
}
