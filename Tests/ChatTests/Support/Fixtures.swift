import Foundation
import TestSupport
import Testing

@testable import Chat

/// The test fixtures: FIXTURES_DIR, else the repository's own Tests/Fixtures.
enum Fixtures {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    /// The fixtures folder; fails the test loudly when it is missing.
    static func directory() throws -> URL {
        let url = Repository.fixtures
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

    /// What the analysis tools return for an audio fixture: librosa's reference for spectral, temporal and
    /// rhythm, and representative loudness and tonal results (the fixtures carry no reference for those).
    static func toolOutput(_ audioFile: String, kind: AnalysisKind) throws -> JSONValue {
        switch kind {
        case .loudness: return sampleLoudness
        case .tonal: return sampleTonal
        default:
            guard let value = try reference(audioFile)[kind.rawValue] else { throw Missing(description: "no \(kind) reference") }
            return value
        }
    }

    static let sampleLoudness: JSONValue = [
        "integrated_lufs": -9.8, "loudness_range_lu": 5.1, "true_peak_dbtp": 0.3, "sample_peak_dbfs": -0.1,
        "momentary_max_lufs": -7.2, "short_term_max_lufs": -8.4,
        "interpretation": "loud: 4.2 LU above the −14 LUFS streaming target", "short_term_interval_seconds": 0.1,
        "short_term_lufs": [.null, -9.5, -9.1],
    ]

    static let sampleTonal: JSONValue = [
        "key": "A", "mode": "minor", "key_label": "A minor", "key_confidence": 0.41,
        "key_candidates": [
            ["key_label": "A minor", "score": 0.82], ["key_label": "C major", "score": 0.78],
            ["key_label": "E minor", "score": 0.6],
        ],
        "tuning_offset_cents": -3.0,
        "chroma_mean": [
            "C": 0.5, "C#": 0.1, "D": 0.3, "Eb": 0.1, "E": 0.6, "F": 0.3, "F#": 0.1, "G": 0.4, "Ab": 0.1,
            "A": 0.9, "Bb": 0.1, "B": 0.3,
        ],
    ]
}
