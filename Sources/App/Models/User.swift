public import Database
public import Foundation

/// An account (API.md, Authentication): a person, or a demo user with a request budget.
public struct User: Sendable, Hashable, RowDecodable {
    /// Database id, used as the token subject.
    public var id: Int64
    /// Lowercased e-mail address, unique.
    public var email: String
    /// `pbkdf2_sha256$<iterations>$<salt>$<base64 hash>` (Django's format).
    public var passwordHash: String
    /// Whether this is a short-lived demo user.
    public var isDemo: Bool
    /// Counted requests so far (demo users).
    public var requestCount: Int
    /// Counted requests allowed; nil for no limit.
    public var requestLimit: Int?
    /// Creation time; demo users expire by it.
    public var createdAt: Date

    /// Creates a user record.
    public init(
        id: Int64, email: String, passwordHash: String, isDemo: Bool, requestCount: Int, requestLimit: Int?, createdAt: Date
    ) {
        self.id = id
        self.email = email
        self.passwordHash = passwordHash
        self.isDemo = isDemo
        self.requestCount = requestCount
        self.requestLimit = requestLimit
        self.createdAt = createdAt
    }

    /// Decodes a `users` row.
    public init(row: Row) throws {
        self.init(
            id: try row.decode(Int64.self, "id"),
            email: try row.decode(String.self, "email"),
            passwordHash: try row.decode(String.self, "password_hash"),
            isDemo: try row.decode(Bool.self, "is_demo"),
            requestCount: try row.decode(Int.self, "request_count"),
            requestLimit: try row.decode(Int?.self, "request_limit"),
            createdAt: try row.decode(Date.self, "created_at"))
    }
}
