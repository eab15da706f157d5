import Chat
import Foundation
import Testing

@testable import App

@Suite struct ParsedAnalysisTests {
    @Test func parsesAndFollowsChangedBytes() {
        let parsed = ParsedAnalysis()
        #expect(parsed.value(of: Data(#"{"rhythm":{"tempo_bpm":120}}"#.utf8)) == ["rhythm": ["tempo_bpm": 120]])
        #expect(parsed.value(of: Data(#"{"rhythm":{"tempo_bpm":120}}"#.utf8)) == ["rhythm": ["tempo_bpm": 120]])
        #expect(parsed.value(of: Data(#"{"rhythm":{"tempo_bpm":90}}"#.utf8)) == ["rhythm": ["tempo_bpm": 90]])
        #expect(parsed.value(of: Data("{broken".utf8)) == nil)
        #expect(parsed.value(of: Data("{}".utf8)) == [:])
    }
}
