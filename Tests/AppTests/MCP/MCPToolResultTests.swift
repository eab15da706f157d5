import Chat
import Foundation
import Testing

@testable import App

@Suite struct MCPToolResultTests {
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
}
