import Foundation
import Testing

/// The shared audio fixtures: FIXTURES_DIR/audio, its manifest and librosa's reference JSON.
enum Fixtures {
    /// FIXTURES_DIR/audio; tests fail loudly when FIXTURES_DIR is unset.
    static func audioDirectory() throws -> URL {
        guard let root = ProcessInfo.processInfo.environment["FIXTURES_DIR"], !root.isEmpty else {
            Issue.record("FIXTURES_DIR is not set; point it at the shared fixtures folder")
            throw FixtureError.missingEnvironment
        }
        return URL(fileURLWithPath: root).appendingPathComponent("audio")
    }

    /// The URL of fixture `name`.
    static func url(_ name: String) throws -> URL {
        try audioDirectory().appendingPathComponent(name)
    }

    /// Every manifest entry.
    static func manifest() throws -> [ManifestEntry] {
        let data = try Data(contentsOf: audioDirectory().appendingPathComponent("manifest.json"))
        return try JSONDecoder().decode(Manifest.self, from: data).files
    }

    /// The accuracy set: decodable entries not expected to fail.
    static func accuracySet() throws -> [ManifestEntry] {
        try manifest().filter { $0.decodable && !$0.expectedError }
    }

    /// librosa's reference output for `entry`, as a JSON object.
    static func reference(_ entry: ManifestEntry) throws -> [String: Any] {
        let data = try Data(contentsOf: audioDirectory().appendingPathComponent(entry.reference ?? ""))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw FixtureError.malformed(entry.file)
        }
        return object
    }
}

enum FixtureError: Error, CustomStringConvertible {
    case missingEnvironment
    case malformed(String)

    var description: String {
        switch self {
        case .missingEnvironment: "FIXTURES_DIR is not set; point it at the shared fixtures folder"
        case .malformed(let file): "reference JSON for \(file) is not an object"
        }
    }
}

struct Manifest: Decodable {
    let files: [ManifestEntry]
}

/// One file of manifest.json.
struct ManifestEntry: Decodable, CustomStringConvertible {
    let file: String
    let category: String
    let expectedError: Bool
    let decodable: Bool
    let reference: String?
    let loadWallTimeS: Double?
    let analysisWallTimeS: Double?
    let groundTruth: GroundTruth?

    struct GroundTruth: Decodable {
        let tempoBpm: Double?
        let beatTimesS: [Double]?
        let fundamentalHz: Double?

        enum CodingKeys: String, CodingKey {
            case tempoBpm = "tempo_bpm"
            case beatTimesS = "beat_times_s"
            case fundamentalHz = "fundamental_hz"
        }
    }

    enum CodingKeys: String, CodingKey {
        case file, category, decodable, reference
        case expectedError = "expected_error"
        case loadWallTimeS = "load_wall_time_s"
        case analysisWallTimeS = "analysis_wall_time_s"
        case groundTruth = "ground_truth"
    }

    var description: String { file }
}
