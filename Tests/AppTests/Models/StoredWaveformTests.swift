import Foundation
import Testing

@testable import App

@Suite struct StoredWaveformTests {
    @Test func packedPeaksRoundTripExactly() throws {
        let peaks = StoredWaveform(duration: 15.5, min: [-1, -0.123_456_79, -.leastNonzeroMagnitude, 0], max: [1, 0.5, .ulpOfOne, 0])
        let data = try JSONEncoder().encode(peaks)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["encoding"] as? String == "f32le-base64")
        #expect(object["min"] is String && object["max"] is String)
        let decoded = try JSONDecoder().decode(StoredWaveform.self, from: data)
        #expect(decoded.duration == 15.5)
        #expect(decoded.min.map(\.bitPattern) == peaks.min.map(\.bitPattern))
        #expect(decoded.max.map(\.bitPattern) == peaks.max.map(\.bitPattern))
    }

    @Test func rowsWrittenAsArraysStillDecode() throws {
        let decoded = try JSONDecoder().decode(StoredWaveform.self, from: Data(#"{"duration":2,"min":[-0.5,-1],"max":[0.25,1]}"#.utf8))
        #expect(decoded.min == [-0.5, -1] && decoded.max == [0.25, 1] && decoded.duration == 2)
    }

    @Test func corruptPackedPeaksAreADecodingError() {
        for body in [
            #"{"encoding":"f32le-base64","min":"not base64!","max":""}"#,
            #"{"encoding":"f32le-base64","min":"AAAA","max":"AAA="}"#,
        ] {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(StoredWaveform.self, from: Data(body.utf8)) }
        }
    }
}
