import Chat
import Foundation
import Testing

@testable import App

@Suite struct MCPToolResultTests {
    private func track(_ analysis: String, id: UUID = UUID()) -> Track {
        Track(
            id: id, ownerID: nil, originalFilename: "a.wav", filename: "a.wav", mediaFilename: "a.wav", size: 1,
            sha256: "", format: "wav", analysis: Data(analysis.utf8), createdAt: Date())
    }

    @Test func aSuccessCarriesTheSameJSONAsTextAndStructuredContent() throws {
        let text = MCPToolResult.success(["tempo_bpm": 120, "label": "a \"quoted\" word"]).jsonText
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["isError"] as? Bool == false)
        let structured = try #require(object["structuredContent"] as? [String: Any])
        #expect(structured["tempo_bpm"] as? Int == 120)
        let block = try #require((object["content"] as? [[String: Any]])?.first)
        #expect(block["type"] as? String == "text")
        let parsed = try JSONSerialization.jsonObject(with: Data((block["text"] as? String ?? "").utf8)) as? [String: Any]
        #expect(parsed?["label"] as? String == "a \"quoted\" word")
    }

    @Test func anErrorHasOnlyItsMessage() throws {
        let text = MCPToolResult.failure("Track not found: x").jsonText
        #expect(text == #"{"content":[{"text":"Track not found: x","type":"text"}],"isError":true}"#)
    }

    @Test func theCacheReparsesOnlyWhenTheStoredBytesChange() {
        let cache = MCPAnalysisCache(capacity: 2)
        let id = UUID()
        #expect(cache.analysis(of: track(#"{"rhythm":{"tempo_bpm":120}}"#, id: id))?["rhythm"]?["tempo_bpm"] == 120)
        #expect(cache.analysis(of: track(#"{"rhythm":{"tempo_bpm":90}}"#, id: id))?["rhythm"]?["tempo_bpm"] == 90)
        #expect(cache.analysis(of: track("not json", id: id)) == nil)
        for _ in 0..<5 { _ = cache.analysis(of: track("{}")) }
        #expect(cache.analysis(of: track(#"{"a":1}"#, id: id))?["a"] == 1)
    }
}
