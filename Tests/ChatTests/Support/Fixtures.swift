import Foundation
import Testing
@testable import Chat

/// The test fixtures: FIXTURES_DIR, else the repository's own Tests/Fixtures.
enum Fixtures {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    /// The fixtures folder; fails the test loudly when it is missing.
    static func directory() throws -> URL {
        let url: URL
        if let path = ProcessInfo.processInfo.environment["FIXTURES_DIR"], !path.isEmpty {
            url = URL(fileURLWithPath: path, isDirectory: true)
        } else {
            url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Fixtures", isDirectory: true)
        }
        guard FileManager.default.fileExists(atPath: url.appendingPathComponent("chat-eval.json").path) else {
            throw Missing(description: "no fixtures at \(url.path); set FIXTURES_DIR or restore Tests/Fixtures")
        }
        return url
    }

    /// A fixture file's JSON.
    static func json(_ relativePath: String) throws -> JSONValue {
        let url = try directory().appendingPathComponent(relativePath)
        return try JSONValue(parsing: Data(contentsOf: url))
    }

    /// The librosa reference analysis of an audio fixture, per agent (`spectral`, `temporal`, `rhythm`).
    static func reference(_ audioFile: String) throws -> JSONValue {
        let stem = (audioFile as NSString).deletingPathExtension
        return try json("audio/\(stem).reference.json")
    }
}
