import Foundation
import TestSupport
import Testing

/// The audio fixtures: FIXTURES_DIR/audio (default: the repository's Tests/Fixtures), its manifest and librosa's reference JSON.
enum Fixtures {
    /// FIXTURES_DIR, else the repository's own Tests/Fixtures found from this source file.
    static func root() -> URL { Repository.fixtures }

    /// The audio fixtures; a missing folder fails the test loudly.
    static func audioDirectory() throws -> URL {
        let url = root().appendingPathComponent("audio")
        guard FileManager.default.fileExists(atPath: url.appendingPathComponent("manifest.json").path) else {
            Issue.record("no audio fixtures at \(url.path)")
            throw FixtureError.missing(url.path)
        }
        return url
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

/// The tonal fixtures: FIXTURES_DIR/tonal, key-labelled renders and EBU loudness signals with reference values.
enum TonalFixtures {
    /// Every entry of tonal/manifest.json.
    static func manifest() throws -> [TonalEntry] {
        let url = Fixtures.root().appendingPathComponent("tonal/manifest.json")
        let data = try Data(contentsOf: url)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let files = object["files"] as? [[String: Any]]
        else { throw FixtureError.malformed("tonal/manifest.json") }
        return files.map(TonalEntry.init)
    }

    /// The URL of tonal fixture `name`.
    static func url(_ name: String) -> URL {
        Fixtures.root().appendingPathComponent("tonal").appendingPathComponent(name)
    }
}

/// One file of tonal/manifest.json: its truth and reference values as JSON objects.
struct TonalEntry: CustomStringConvertible {
    let file: String
    let category: String
    let truth: [String: Any]
    let reference: [String: Any]

    init(_ object: [String: Any]) {
        file = object["file"] as? String ?? ""
        category = object["category"] as? String ?? ""
        truth = object["truth"] as? [String: Any] ?? [:]
        reference = object["reference"] as? [String: Any] ?? [:]
    }

    var description: String { file }
}

enum FixtureError: Error, CustomStringConvertible {
    case missing(String)
    case malformed(String)

    var description: String {
        switch self {
        case .missing(let path): "no fixtures at \(path); set FIXTURES_DIR or restore Tests/Fixtures"
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
