internal import Foundation

/// Reads `NNNN_name.sql` files and picks each version's file for a dialect.
///
/// `NNNN_name.postgres.sql` or `NNNN_name.sqlite.sql` replaces `NNNN_name.sql`
/// for that dialect. Other `.sql` names are errors rather than silently skipped,
/// so a misnamed migration is noticed.
struct MigrationDirectory {
    let url: URL

    func migrations(for dialect: SQLDialect) throws -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: url.path)
        } catch {
            throw failure("cannot read the migrations folder \(url.lastPathComponent): \(error.localizedDescription)")
        }
        var byVersion: [Int: (generic: String?, variant: String?, name: String)] = [:]
        for fileName in names.sorted() where fileName.hasSuffix(".sql") {
            let parsed = try parse(fileName)
            var entry = byVersion[parsed.version] ?? (nil, nil, parsed.name)
            guard entry.name == parsed.name else {
                throw failure("two migrations share version \(parsed.version): \(entry.name) and \(parsed.name)")
            }
            switch parsed.dialect {
            case nil: entry.generic = fileName
            case dialect?: entry.variant = fileName
            default: break
            }
            byVersion[parsed.version] = entry
        }
        return try byVersion.sorted { $0.key < $1.key }.map { version, entry in
            guard let fileName = entry.variant ?? entry.generic else {
                throw failure("migration \(version)_\(entry.name) has no file for \(dialect.rawValue)")
            }
            return Migration(version: version, name: entry.name, fileName: fileName,
                             contents: try read(fileName))
        }
    }

    private func parse(_ fileName: String) throws -> (version: Int, name: String, dialect: SQLDialect?) {
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

    private func read(_ fileName: String) throws -> Data {
        do {
            return try Data(contentsOf: url.appendingPathComponent(fileName))
        } catch {
            throw failure("cannot read migration \(fileName): \(error.localizedDescription)")
        }
    }

    private func failure(_ message: String) -> DatabaseError {
        DatabaseError(kind: .migration, message: message)
    }
}
