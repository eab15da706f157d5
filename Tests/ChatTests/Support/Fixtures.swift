import Foundation
import Testing
@testable import Chat

/// The shared fixtures, found through the FIXTURES_DIR environment variable.
enum Fixtures {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    /// The fixtures folder; fails the test loudly when FIXTURES_DIR is not set.
    static func directory() throws -> URL {
        guard let path = ProcessInfo.processInfo.environment["FIXTURES_DIR"], !path.isEmpty else {
            throw Missing(description: "FIXTURES_DIR is not set: point it at the shared fixtures folder")
        }
        return URL(fileURLWithPath: path, isDirectory: true)
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
