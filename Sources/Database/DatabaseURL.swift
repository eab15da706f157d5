/// A parsed DATABASE_URL.
///
/// Accepted forms: `postgres://` or `postgresql://user:password@host:port/db?key=value`
/// (user and password percent-encoded; query parameters go to libpq as
/// connection keywords), `sqlite:///relative/path`, `sqlite:////absolute/path`
/// and `sqlite::memory:`. `description` never shows the password.
public enum DatabaseURL: Sendable, Hashable, CustomStringConvertible {
    /// A SQLite file; relative paths resolve against the working directory.
    case sqliteFile(path: String)
    /// One SQLite database in memory, shared by every call, gone at close.
    case sqliteMemory
    /// A Postgres server.
    case postgres(PostgresConnectionInfo)

    /// Parses a URL.
    /// - Parameter string: the URL.
    /// - Throws: `DatabaseError` of kind `.invalidURL` with a message that never repeats the password.
    public init(parsing string: String) throws(DatabaseError) {
        let trimmed = string.trimmingSpaces()
        if trimmed == "sqlite::memory:" {
            self = .sqliteMemory
        } else if trimmed.hasPrefix("sqlite:") {
            self = .sqliteFile(path: try Self.parseSQLitePath(trimmed))
        } else if let rest = trimmed.dropPrefix("postgres://") ?? trimmed.dropPrefix("postgresql://") {
            self = .postgres(try PostgresConnectionInfo(parsingAfterScheme: rest))
        } else {
            // Name the scheme only when there clearly is one, so a bare secret is never echoed.
            let scheme = trimmed.contains("://") ? trimmed.splitOnce(":").0 : ""
            throw Self.invalid(
                scheme.isEmpty || scheme.count > 20 || !scheme.allSatisfy(\.isASCIILetterOrDigit)
                    ? "no scheme; expected postgres://, postgresql://, sqlite:///path or sqlite::memory:"
                    : "unsupported scheme '\(scheme)'; expected postgres://, postgresql://, sqlite:///path or sqlite::memory:")
        }
    }

    /// The dialect of the database the URL names.
    public var dialect: SQLDialect {
        if case .postgres = self { return .postgres }
        return .sqlite
    }

    /// The URL with the password replaced by `***`.
    public var description: String {
        switch self {
        case .sqliteMemory: "sqlite::memory:"
        case .sqliteFile(let path): "sqlite:///\(path)"
        case .postgres(let info): info.description
        }
    }

    private static func parseSQLitePath(_ url: String) throws(DatabaseError) -> String {
        guard let rest = url.dropPrefix("sqlite:///") else {
            throw invalid("a SQLite URL is sqlite:///relative/path, sqlite:////absolute/path or sqlite::memory:")
        }
        guard !rest.isEmpty else { throw invalid("the SQLite URL has no file path") }
        guard !rest.contains("?"), !rest.contains("#") else {
            throw invalid("SQLite URLs take no query parameters")
        }
        guard let path = rest.removingPercentEncodingStrictly() else {
            throw invalid("the SQLite path has a malformed percent-escape")
        }
        return path
    }

    static func invalid(_ reason: String) -> DatabaseError {
        DatabaseError(kind: .invalidURL, message: "invalid DATABASE_URL: \(reason)")
    }
}

/// Where and how to reach a Postgres server, as libpq connection keywords.
public struct PostgresConnectionInfo: Sendable, Hashable, CustomStringConvertible {
    /// Host name, IP address, or a Unix socket folder (starts with `/`); nil for libpq's default.
    public var host: String?
    /// TCP port, or the socket's number for Unix sockets; nil for 5432.
    public var port: Int?
    /// User name.
    public var user: String?
    /// Password; never printed.
    public var password: String?
    /// Database name; nil means the user name, as libpq does.
    public var database: String?
    /// Query parameters, passed to libpq as keywords (`sslmode`, `application_name`, `connect_timeout`, `options`, …).
    public var parameters: [KeyValue]

    /// One query parameter.
    public struct KeyValue: Sendable, Hashable {
        /// The libpq keyword.
        public var key: String
        /// Its value, percent-decoded.
        public var value: String

        /// Creates a parameter.
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    /// The value of a query parameter, if present.
    public func parameter(_ key: String) -> String? {
        parameters.last { $0.key == key }?.value
    }

    /// The URL with the password (and any `password` parameter) shown as `***`.
    public var description: String {
        var text = "postgres://"
        if let user { text += user.percentEncodedForURL() + (password == nil ? "" : ":***") + "@" }
        if let host { text += host.hasPrefix("/") ? host.percentEncodedForURL() : (host.contains(":") ? "[\(host)]" : host) }
        if let port { text += ":\(port)" }
        text += "/" + (database?.percentEncodedForURL() ?? "")
        if !parameters.isEmpty {
            text +=
                "?"
                + parameters.map { item in
                    item.key + "=" + (item.key == "password" ? "***" : item.value.percentEncodedForURL())
                }.joined(separator: "&")
        }
        return text
    }
}
