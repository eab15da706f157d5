// Single-row insert and select-by-primary-key throughput of both drivers,
// with 1 and 16 concurrent callers.
//
// Usage: bench-database [COUNT]   (rows per measurement, default 4000)
// SQLite runs on a temporary file. Postgres runs when BENCH_DATABASE_URL or
// TEST_DATABASE_URL is set (scripts/with-postgres.sh sets the latter), in a
// schema of its own that is dropped afterwards.
import Database
import Foundation
import Logging

let logger = Logger(label: "bench-database") { _ in SwiftLogNoOpLogHandler() }
let count = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 4000

/// Runs `operation(caller, index)` `count` times split over `callers` tasks; returns operations per second.
func measure(callers: Int, _ operation: @escaping @Sendable (Int, Int) async throws -> Void) async throws -> Double {
    let perCaller = count / callers
    let clock = ContinuousClock()
    let elapsed = try await clock.measure {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for caller in 0..<callers {
                group.addTask {
                    for index in 0..<perCaller { try await operation(caller, index) }
                }
            }
            try await group.waitForAll()
        }
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return Double(perCaller * callers) / seconds
}

func bench(_ name: String, _ db: any SQLDatabase) async throws {
    try await db.execute("CREATE TABLE bench_rows (id BIGINT PRIMARY KEY, name TEXT NOT NULL, value DOUBLE PRECISION NOT NULL)")
    for callers in [1, 16] {
        let offset = callers * 10_000_000
        let inserts = try await measure(callers: callers) { caller, index in
            let id = offset + caller * 100_000 + index
            try await db.execute("INSERT INTO bench_rows (id, name, value) VALUES (\(id), \("row \(id)"), \(Double(index) * 0.5))")
        }
        let selects = try await measure(callers: callers) { caller, index in
            let id = offset + caller * 100_000 + index
            guard try await db.queryFirst("SELECT id, name, value FROM bench_rows WHERE id = \(id)") != nil else {
                throw DatabaseError(kind: .statement, message: "row \(id) missing")
            }
        }
        let label =
            name.padding(toLength: 9, withPad: " ", startingAt: 0) + String(format: "%2d", callers)
            + (callers == 1 ? " caller " : " callers")
        print(label + String(format: "  insert %8.0f rows/s   select by id %8.0f rows/s", inserts, selects))
    }
    await db.close()
}

print("bench-database: \(count) rows per measurement")
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)")
let sqlite = try await SQLiteDatabase(path: folder.appendingPathComponent("bench.sqlite3").path, logger: logger)
try await bench("sqlite", sqlite)
try? FileManager.default.removeItem(at: folder)

let environment = ProcessInfo.processInfo.environment
if let text = environment["BENCH_DATABASE_URL"] ?? environment["TEST_DATABASE_URL"], !text.isEmpty,
    case .postgres(var info) = try DatabaseURL(parsing: text)
{
    let schema = "bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    let admin = try await PostgresDatabase(info: info, options: DatabaseOptions(poolSize: 1), logger: logger)
    try await admin.execute(SQL(sql: "CREATE SCHEMA \(schema)"))
    info.parameters.append(.init(key: "options", value: "-c search_path=\(schema)"))
    let postgres = try await PostgresDatabase(info: info, options: DatabaseOptions(poolSize: 16), logger: logger)
    try await bench("postgres", postgres)
    try await admin.execute(SQL(sql: "DROP SCHEMA \(schema) CASCADE"))
    await admin.close()
} else {
    print("postgres  skipped (set BENCH_DATABASE_URL or run through scripts/with-postgres.sh)")
}
