import Chat
import Foundation
import Testing

@testable import App

@Suite struct ParsedAnalysesTests {
    private func track(_ id: UUID, _ analysis: String) -> Track {
        Track(
            id: id, ownerID: nil, originalFilename: "a.wav", filename: "a.wav", mediaFilename: "a.wav", size: 1, sha256: "",
            format: "wav",
            status: .ready, analysis: Data(analysis.utf8), createdAt: Date())
    }

    @Test func parsesAndFollowsChangedBytes() {
        let parsed = ParsedAnalyses()
        let id = UUID()
        #expect(parsed.value(of: track(id, #"{"rhythm":{"tempo_bpm":120}}"#)) == ["rhythm": ["tempo_bpm": 120]])
        #expect(parsed.value(of: track(id, #"{"rhythm":{"tempo_bpm":120}}"#)) == ["rhythm": ["tempo_bpm": 120]])
        #expect(parsed.value(of: track(id, #"{"rhythm":{"tempo_bpm":90}}"#)) == ["rhythm": ["tempo_bpm": 90]])
        #expect(parsed.value(of: track(id, "{broken")) == nil)
        #expect(parsed.value(of: track(id, "{}")) == [:])
    }

    @Test func keepsTheMostRecentlyUsedTracks() {
        let parsed = ParsedAnalyses(capacity: 2)
        let (a, b, c) = (UUID(), UUID(), UUID())
        #expect(parsed.value(of: track(a, #"{"n":1}"#)) == ["n": 1])
        #expect(parsed.value(of: track(b, #"{"n":2}"#)) == ["n": 2])
        #expect(parsed.value(of: track(a, #"{"n":1}"#)) == ["n": 1])  // a is now newer than b
        #expect(parsed.value(of: track(c, #"{"n":3}"#)) == ["n": 3])  // b goes
        #expect(parsed.cachedTracks == [a, c])
        // Every track is answered from its own bytes, cached or not.
        #expect(parsed.value(of: track(b, #"{"n":2}"#)) == ["n": 2])
        #expect(parsed.cachedTracks.count == 2)
    }
}
