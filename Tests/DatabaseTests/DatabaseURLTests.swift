import Testing

@testable import Database

@Suite struct DatabaseURLTests {
    @Test func sqliteForms() throws {
        #expect(try DatabaseURL(parsing: "sqlite::memory:") == .sqliteMemory)
        #expect(try DatabaseURL(parsing: "sqlite:///data/db.sqlite3") == .sqliteFile(path: "data/db.sqlite3"))
        #expect(try DatabaseURL(parsing: "sqlite:////var/lib/app/db.sqlite3") == .sqliteFile(path: "/var/lib/app/db.sqlite3"))
        #expect(try DatabaseURL(parsing: "sqlite:///my%20data/db.sqlite3") == .sqliteFile(path: "my data/db.sqlite3"))
        #expect(try DatabaseURL(parsing: "sqlite:///data/db.sqlite3").dialect == .sqlite)
    }

    @Test func postgresWithEveryPart() throws {
        let url = try DatabaseURL(
            parsing:
                "postgresql://app%40prod:p%40ss%3Aw%2Fo%25rd@db.internal:6543/audio%20db?sslmode=require&application_name=web%20app&connect_timeout=3"
        )
        guard case .postgres(let info) = url else {
            Issue.record("expected a Postgres URL")
            return
        }
        #expect(info.user == "app@prod")
        #expect(info.password == "p@ss:w/o%rd")
        #expect(info.host == "db.internal")
        #expect(info.port == 6543)
        #expect(info.database == "audio db")
        #expect(info.parameter("sslmode") == "require")
        #expect(info.parameter("application_name") == "web app")
        #expect(info.parameter("connect_timeout") == "3")
        #expect(url.dialect == .postgres)
    }

    @Test func postgresMinimalIPv6AndSocketHosts() throws {
        guard case .postgres(let bare) = try DatabaseURL(parsing: "postgres://localhost") else {
            Issue.record("expected Postgres")
            return
        }
        #expect(bare.host == "localhost" && bare.port == nil && bare.user == nil && bare.database == nil)
        guard case .postgres(let ipv6) = try DatabaseURL(parsing: "postgres://u@[::1]:5433/db") else {
            Issue.record("expected Postgres")
            return
        }
        #expect(ipv6.host == "::1" && ipv6.port == 5433)
        guard case .postgres(let socket) = try DatabaseURL(parsing: "postgres://u@%2Fvar%2Frun%2Fpostgresql/db") else {
            Issue.record("expected Postgres")
            return
        }
        #expect(socket.host == "/var/run/postgresql")
        guard case .postgres(let query) = try DatabaseURL(parsing: "postgres://u@/db?host=/tmp/sock") else {
            Issue.record("expected Postgres")
            return
        }
        #expect(query.host == nil && query.parameter("host") == "/tmp/sock")
    }

    @Test(arguments: [
        "mysql://root:hunter2@localhost/db",
        "hunter2",
        "",
        "sqlite://relative.db",
        "sqlite:///",
        "sqlite:///db.sqlite3?mode=ro",
        "postgres://u:hunter2@host:0/db",
        "postgres://u:hunter2@host:70000/db",
        "postgres://u:hunter2@host:54a2/db",
        "postgres://u:hunter2@host/db#frag",
        "postgres://u:hunter2@host/db?=x",
        "postgres://u:hunter%zz@host/db",
        "postgres://u:hunter2@host/d%b",
        "postgres://u:hunter2@[::1/db",
        "postgres://u:hunter2@h1:5432,h2:5432/db",
        "postgres://u:hun/ter2@host/db",
    ])
    func malformedURLsFailWithOneClearLineWithoutThePassword(_ text: String) {
        do {
            _ = try DatabaseURL(parsing: text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.kind == .invalidURL)
            #expect(error.message.hasPrefix("invalid DATABASE_URL: "))
            #expect(!error.message.contains("\n"))
            #expect(!error.description.contains("hunter") && !error.description.contains("ter2"))
        }
    }

    @Test func descriptionHidesThePassword() throws {
        let url = try DatabaseURL(parsing: "postgres://app:s3cr%2Ft@db:5432/audio?sslmode=require&password=other")
        #expect(url.description == "postgres://app:***@db:5432/audio?sslmode=require&password=***")
        #expect(!"\(url)".contains("s3cr"))
        #expect(!String(reflecting: url.description).contains("other"))
    }

    @Test func libpqKeywordsCarryTheURLAndOurDefaults() throws {
        guard case .postgres(let info) = try DatabaseURL(parsing: "postgres://u:pw@h:1/d?application_name=mine&sslmode=disable") else {
            Issue.record("expected Postgres")
            return
        }
        let keywords = Dictionary(PostgresDatabase.keywords(info: info, options: DatabaseOptions()), uniquingKeysWith: { $1 })
        #expect(keywords["host"] == "h" && keywords["port"] == "1" && keywords["user"] == "u")
        #expect(keywords["password"] == "pw" && keywords["dbname"] == "d" && keywords["sslmode"] == "disable")
        #expect(keywords["application_name"] == "mine")
        #expect(keywords["connect_timeout"] == "5")
        #expect(keywords["client_encoding"] == "UTF8")
    }
}
