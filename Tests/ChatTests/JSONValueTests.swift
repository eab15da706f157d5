import Foundation
import Testing

@testable import Chat

@Suite struct JSONValueTests {
    @Test func roundTripsThroughText() throws {
        let value: JSONValue = ["a": [1, 2.5, "x", true, nil], "b": ["c": -3]]
        #expect(try JSONValue(parsing: Data(value.jsonText.utf8)) == value)
        #expect(value.jsonText == #"{"a":[1,2.5,"x",true,null],"b":{"c":-3}}"#)
    }

    @Test func textIsWhatJSONEncoderWrites() throws {
        // The analyses of every fixture, plus the strings and numbers that need care.
        let audio = try Fixtures.directory().appendingPathComponent("audio")
        var documents = try FileManager.default.contentsOfDirectory(atPath: audio.path)
            .filter { $0.hasSuffix(".reference.json") }
            .map { try JSONValue(parsing: Data(contentsOf: audio.appendingPathComponent($0))) }
        documents += [Fixtures.sampleLoudness, Fixtures.sampleTonal]
        documents.append(["quote \"q\" back\\slash": "tab\t line\n nul\u{0} bell\u{7} é /", "tiny": 1.5e-7, "huge": 1e300, "-0": -0.0])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for document in documents {
            let expected = String(decoding: try encoder.encode(document), as: UTF8.self)
            #expect(document.jsonText == expected)
        }
    }

    @Test func nonFiniteNumbersBecomeNull() {
        #expect(JSONValue.array([.number(.nan), .number(.infinity)]).jsonText == "[null,null]")
    }

    @Test func malformedTextThrows() {
        #expect(throws: (any Error).self) { try JSONValue(parsing: Data("{\"a\":".utf8)) }
    }

    @Test func longArraysAreCutAndCounted() {
        let value: JSONValue = ["beat_times": .array((0..<70).map { .number(Double($0)) }), "short": [1, 2]]
        let trimmed = value.trimmingArrays(to: 64)
        #expect(trimmed["beat_times"]?.arrayValue?.count == 64)
        #expect(trimmed["beat_times"]?.arrayValue?.last == 63)
        #expect(trimmed["beat_times_total"] == 70)
        #expect(trimmed["short"] == [1, 2])
        #expect(trimmed["short_total"] == nil)
    }

    @Test func arraysAtTheLimitAreUntouched() {
        let value: JSONValue = ["onset_times": .array((0..<64).map { .number(Double($0)) })]
        #expect(value.trimmingArrays(to: 64) == value)
    }

    @Test func nestedArraysAreCutToo() {
        let value: JSONValue = ["rhythm": ["onset_times": .array(Array(repeating: 0.5, count: 100))]]
        #expect(value.trimmingArrays(to: 64)["rhythm"]?["onset_times_total"] == 100)
    }
}
