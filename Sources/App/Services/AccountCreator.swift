public import Database
public import Foundation

/// Creates a person's account for `audio-server createuser`: checks the
/// address and password, hashes at full strength off the concurrency pool,
/// and stores a non-demo user.
public struct AccountCreator: Sendable {
    /// Fewest characters a password may have.
    public static let minimumPasswordLength = 8
    /// Most bytes a password may have: PBKDF2 accepts more, but no one types this much.
    public static let maximumPasswordBytes = 4096

    /// Why an account was not created; `description` is one line fit for a terminal.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        /// The line to print.
        public let description: String
        static let invalidEmail = Failure(description: "invalid e-mail address")
        static let shortPassword = Failure(description: "password must have at least \(minimumPasswordLength) characters")
        static let longPassword = Failure(description: "password must have at most \(maximumPasswordBytes) bytes")
        static func duplicate(_ email: String) -> Failure { Failure(description: "a user with e-mail \(email) already exists") }
    }

    private let users: UserStore
    private let hasher: PasswordHasher
    private let hashing = BlockingExecutor(label: "createuser-hashing", width: 1)

    /// An account creator over a migrated `database`.
    public init(database: any SQLDatabase) {
        self.init(database: database, hasher: PasswordHasher())
    }

    init(database: any SQLDatabase, hasher: PasswordHasher) {
        users = UserStore(database: database)
        self.hasher = hasher
    }

    /// Creates a non-demo user.
    /// - Parameters:
    ///   - email: an address like `name@example.com`; stored lowercased, surrounding spaces dropped.
    ///   - password: at least 8 characters, at most 4096 bytes.
    /// - Returns: the new user.
    /// - Throws: `Failure` for bad input or a taken address; `DatabaseError` for anything else.
    public func create(email: String, password: String) async throws -> User {
        let email = email.trimmingCharacters(in: .whitespacesAndNewlines)
        guard Self.isPlausibleEmail(email) else { throw Failure.invalidEmail }
        guard password.count >= Self.minimumPasswordLength else { throw Failure.shortPassword }
        guard password.utf8.count <= Self.maximumPasswordBytes else { throw Failure.longPassword }
        if try await users.find(email: email) != nil { throw Failure.duplicate(email.lowercased()) }
        let hasher = hasher
        let hash = await hashing.run { hasher.hash(password) }
        do {
            return try await users.create(email: email, passwordHash: hash, createdAt: Date())
        } catch let error as DatabaseError where error.isUniqueViolation {
            // Someone created the same address between the lookup and the insert.
            throw Failure.duplicate(email.lowercased())
        }
    }

    /// The password given on standard input: the text minus one trailing line break.
    /// - Parameter data: what was read from standard input.
    /// - Returns: nil when it is not UTF-8.
    public static func password(fromStandardInput data: Data) -> String? {
        guard var text = String(data: data, encoding: .utf8) else { return nil }
        // "\r\n" is a single Character in Swift, so one removal drops either ending.
        if text.hasSuffix("\n") || text.hasSuffix("\r\n") { text.removeLast() }
        return text
    }

    /// One `@`, a non-empty local part, a dotted domain, no spaces, ≤ 254 bytes (RFC 5321 §4.5.3.1.3).
    static func isPlausibleEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty,
            !email.contains(where: { $0.isWhitespace || $0.isNewline || $0.asciiValue.map { $0 < 32 || $0 == 127 } == true })
        else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }
    }
}
