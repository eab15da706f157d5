public import Foundation

/// One migration file as found on disk or embedded in the binary.
public struct MigrationFile: Sendable, Hashable {
    /// The file's name (`0001_create_tracks.postgres.sql`).
    public let fileName: String
    /// The file's bytes, UTF-8.
    public let contents: Data

    /// Creates a file from its name and bytes.
    /// - Parameters:
    ///   - fileName: `NNNN_name.sql`, `NNNN_name.postgres.sql` or `NNNN_name.sqlite.sql`.
    ///   - contents: the file's bytes.
    public init(fileName: String, contents: Data) {
        self.fileName = fileName
        self.contents = contents
    }
}

/// Where a `Migrator` finds its files: a folder, or a list compiled into the binary.
///
/// Either way the same naming rules apply: `NNNN_name.postgres.sql` or
/// `NNNN_name.sqlite.sql` replaces `NNNN_name.sql` for that dialect, and any
/// other `.sql` name is an error rather than silently skipped, so a misnamed
/// migration is noticed.
public enum MigrationSource: Sendable {
    /// The `.sql` files of a folder, read when the migrator runs.
    case directory(URL)
    /// Files carried by the binary, so the executable migrates from any working directory.
    case files([MigrationFile])

    /// The migrations for `dialect`, in version order.
    /// - Throws: `DatabaseError` of kind `.migration` for an unreadable folder, a misnamed file or a missing variant.
    func migrations(for dialect: SQLDialect) throws -> [Migration] {
        let files: [MigrationFile]
        switch self {
        case .directory(let url): files = try Self.read(url)
        case .files(let list): files = list
        }
        return try Self.select(files, for: dialect)
    }

    private static func select(_ files: [MigrationFile], for dialect: SQLDialect) throws -> [Migration] {
        var byVersion: [Int: (generic: MigrationFile?, variant: MigrationFile?, name: String)] = [:]
        for file in files.sorted(by: { $0.fileName < $1.fileName }) where file.fileName.hasSuffix(".sql") {
            let parsed = try parse(file.fileName)
            var entry = byVersion[parsed.version] ?? (nil, nil, parsed.name)
            guard entry.name == parsed.name else {
                throw failure("two migrations share version \(parsed.version): \(entry.name) and \(parsed.name)")
            }
            switch parsed.dialect {
            case nil: entry.generic = file
            case dialect?: entry.variant = file
            default: break
            }
            byVersion[parsed.version] = entry
        }
        return try byVersion.sorted { $0.key < $1.key }.map { version, entry in
            guard let file = entry.variant ?? entry.generic else {
                throw failure("migration \(version)_\(entry.name) has no file for \(dialect.rawValue)")
            }
            return Migration(version: version, name: entry.name, fileName: file.fileName, contents: file.contents)
        }
    }

    private static func parse(_ fileName: String) throws -> (version: Int, name: String, dialect: SQLDialect?) {
        var stem = String(fileName.dropLast(4))
        var dialect: SQLDialect?
        for candidate in [SQLDialect.postgres, .sqlite] where stem.hasSuffix(".\(candidate.rawValue)") {
            dialect = candidate
            stem = String(stem.dropLast(candidate.rawValue.count + 1))
        }
        let digits = stem.prefix(4)
        let rest = stem.dropFirst(4)
        guard digits.count == 4, digits.allSatisfy(\.isASCIIDigit), let version = Int(digits),
            rest.first == "_", rest.count > 1,
            rest.dropFirst().allSatisfy({ $0.isASCIILetterOrDigit || $0 == "_" })
        else {
            throw failure("migration file \(fileName) is not named NNNN_name.sql, NNNN_name.postgres.sql or NNNN_name.sqlite.sql")
        }
        return (version, String(rest.dropFirst()), dialect)
    }

    private static func read(_ url: URL) throws -> [MigrationFile] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: url.path)
        } catch {
            throw failure("cannot read the migrations folder \(url.path): \(error.localizedDescription)")
        }
        return try names.filter { $0.hasSuffix(".sql") }.map { name in
            do {
                return MigrationFile(fileName: name, contents: try Data(contentsOf: url.appendingPathComponent(name)))
            } catch {
                throw failure("cannot read migration \(name): \(error.localizedDescription)")
            }
        }
    }

    private static func failure(_ message: String) -> DatabaseError {
        DatabaseError(kind: .migration, message: message)
    }
}
