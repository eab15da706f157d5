import AnalysisResults
import Foundation
import Testing

@testable import Chat

@Suite struct JSONValueDecoderTests {
    private let decoder = JSONValueDecoder()

    /// The tree decoder must read what `JSONDecoder` reads from the same document's text.
    private func expectSame<T: Decodable & Equatable>(_ type: T.Type, _ value: JSONValue) throws {
        let fromText = try JSONDecoder().decode(type, from: Data(value.jsonText.utf8))
        #expect(try decoder.decode(type, from: value) == fromText)
    }

    @Test func readsEveryFixtureResultAsJSONDecoderDoes() throws {
        let audio = try Fixtures.directory().appendingPathComponent("audio")
        var decoded = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: audio.path) where name.hasSuffix(".reference.json") {
            let reference = try JSONValue(parsing: Data(contentsOf: audio.appendingPathComponent(name)))
            guard let spectral = reference["spectral"], case .object = spectral else { continue }
            try expectSame(SpectralAnalysis.self, spectral)
            try expectSame(TemporalAnalysis.self, try #require(reference["temporal"]))
            try expectSame(RhythmAnalysis.self, try #require(reference["rhythm"]))
            decoded += 1
        }
        #expect(decoded >= 5)
        try expectSame(LoudnessAnalysis.self, Fixtures.sampleLoudness)
        try expectSame(TonalAnalysis.self, Fixtures.sampleTonal)
    }

    @Test func numbersConvertOnlyWhenExact() throws {
        #expect(try decoder.decode([Int].self, from: [1, -2, 3e3]) == [1, -2, 3000])
        #expect(throws: DecodingError.self) { try decoder.decode(Int.self, from: 2.5) }
        #expect(throws: DecodingError.self) { try decoder.decode(UInt8.self, from: 300) }
        #expect(throws: DecodingError.self) { try decoder.decode(UInt.self, from: -1) }
        #expect(try decoder.decode(Float.self, from: 0.5) == 0.5)
    }

    @Test func nullsAndMissingKeysAreTold() throws {
        #expect(try decoder.decode([Double?].self, from: [1, nil, 2]) == [1, nil, 2])
        #expect(try decoder.decode([String: Double?].self, from: ["a": nil]) == ["a": nil])
        do {
            _ = try decoder.decode(SummaryStatistics.self, from: ["mean": 1, "std": 0, "min": 0])
            Issue.record("a missing key decoded")
        } catch DecodingError.keyNotFound(let key, _) {
            #expect(key.stringValue == "max")
        }
        do {
            _ = try decoder.decode(RhythmAnalysis.TempoRange.self, from: ["dominant_tempos": [120, "fast"]])
            Issue.record("a string decoded as a number")
        } catch DecodingError.typeMismatch(_, let context) {
            #expect(context.codingPath.map(\.stringValue) == ["dominant_tempos", "Index 1"])
        }
        #expect(throws: DecodingError.self) { try decoder.decode(Double.self, from: nil) }
        #expect(throws: DecodingError.self) { try decoder.decode([Double].self, from: ["a": 1]) }
    }
}
