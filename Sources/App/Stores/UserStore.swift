import Database
import Foundation

/// The `users` table: the only place user SQL lives.
///
/// E-mail addresses are lowercased on the way in, so lookups ignore case.
struct UserStore: Sendable {
    private let database: any SQLDatabase
    private static let columns = "id, email, password_hash, is_demo, request_count, request_limit, created_at"

    /// Creates the store.
    /// - Parameter database: the database holding `users` (migrated).
    init(database: any SQLDatabase) {
        self.database = database
    }

    /// Creates a user.
    /// - Parameters:
    ///   - email: the address; stored lowercased.
    ///   - passwordHash: a Django-format PBKDF2 hash.
    ///   - isDemo: a demo user with a request budget.
    ///   - requestLimit: counted requests allowed; nil for none.
    ///   - createdAt: creation time.
    /// - Returns: the new user with its id.
    /// - Throws: `DatabaseError` whose `isUniqueViolation` is true when the address is taken.
    func create(
        email: String, passwordHash: String, isDemo: Bool = false, requestLimit: Int? = nil, createdAt: Date
    ) async throws -> User {
        let row = try await database.queryFirst(
            User.self,
            """
            INSERT INTO users (email, password_hash, is_demo, request_count, request_limit, created_at)
            VALUES (\(email.lowercased()), \(passwordHash), \(isDemo), \(0), \(requestLimit), \(createdAt))
            RETURNING \(raw: Self.columns)
            """)
        guard let row else { throw DatabaseError(kind: .statement, message: "INSERT INTO users returned no row") }
        return row
    }

    /// The user with this address (any case), if any.
    func find(email: String) async throws -> User? {
        try await database.queryFirst(User.self, "SELECT \(raw: Self.columns) FROM users WHERE email = \(email.lowercased())")
    }

    /// The user with this id, if any.
    func find(id: Int64) async throws -> User? {
        try await database.queryFirst(User.self, "SELECT \(raw: Self.columns) FROM users WHERE id = \(id)")
    }

    /// Counts one request, atomically, so concurrent requests never lose a count.
    /// - Returns: the new count, or nil when the user no longer exists.
    func incrementRequestCount(id: Int64) async throws -> Int? {
        let row = try await database.queryFirst(
            "UPDATE users SET request_count = request_count + 1 WHERE id = \(id) RETURNING request_count")
        return try row?.decode(Int.self, "request_count")
    }

    /// Deletes demo users created before `cutoff`, with their tracks and fragments.
    /// - Returns: the files under MEDIA_ROOT their tracks and fragments used, for the caller to remove.
    func deleteExpiredDemoUsers(createdBefore cutoff: Date) async throws -> [String] {
        try await database.transaction { tx in
            let expired: SQL = "SELECT id FROM users WHERE is_demo = \(true) AND created_at < \(cutoff)"
            let tracks = try await tx.query(
                "SELECT media_filename, spectrogram_filename FROM tracks WHERE owner_id IN (\(expired))")
            let fragments = try await tx.query("SELECT audio_path FROM fragments WHERE owner_id IN (\(expired))")
            var files: [String] = []
            for row in tracks {
                files.append(try row.decode(String.self, "media_filename"))
                if let spectrogram = try row.decode(String?.self, "spectrogram_filename") { files.append(spectrogram) }
            }
            files += try fragments.map { try $0.decode(String.self, "audio_path") }
            // Tracks and fragments go with their owner (ON DELETE CASCADE).
            try await tx.execute("DELETE FROM users WHERE is_demo = \(true) AND created_at < \(cutoff)")
            return files
        }
    }
}
