import Chat
import Foundation
import Testing

@testable import App

@Suite struct ChatSocketMessageTests {
    private func json(_ message: ChatSocketMessage) throws -> JSONValue {
        try JSONValue(parsing: Data(message.json.utf8))
    }

    @Test func everyMessageHasTheContractsFields() throws {
        #expect(
            try json(.status(status: "ready", message: "Analysis complete"))
                == ["type": "status", "status": "ready", "message": "Analysis complete"])
        #expect(try json(.thinking(message: "Rhythm analysis: running")) == ["type": "thinking", "message": "Rhythm analysis: running"])
        #expect(try json(.toolCall(tool: "analyse_rhythm")) == ["type": "tool_call", "tool": "analyse_rhythm"])
        #expect(
            try json(.toolResult(tool: "analyse_rhythm", success: false))
                == ["type": "tool_result", "tool": "analyse_rhythm", "success": false])
        #expect(try json(.token(text: "The \"tempo\"\n")) == ["type": "token", "text": "The \"tempo\"\n"])
        #expect(try json(.done(fullResponse: "All ✓")) == ["type": "done", "full_response": "All ✓"])
        #expect(try json(.error(message: "Invalid JSON")) == ["type": "error", "message": "Invalid JSON"])
    }

    @Test func escapesEveryCharacterJSONRequires() throws {
        let controls = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
        let text = "quote \" backslash \\ slash / " + controls + " é ✓ 🎵 \u{2028} \u{7F}"
        let message = ChatSocketMessage.token(text: text)
        #expect(try json(message) == ["type": "token", "text": .string(text)])
        #expect(message.json.hasPrefix(#"{"type":"token","text":"quote \" backslash \\ slash / \u0000\u0001"#))
    }

    @Test(arguments: [
        (Track.Status.pending, "", "Waiting for analysis..."),
        (.analyzing, "", "Starting analysis..."),
        (.ready, "whatever was stored", "Analysis complete"),
        (.failed, "Unsupported audio format", "Unsupported audio format"),
    ])
    func statusOnConnectFollowsTheStoredTrack(status: Track.Status, stored: String, expected: String) {
        let track = Track(
            id: UUID(), ownerID: nil, originalFilename: "a.wav", filename: "a.wav", mediaFilename: "a.wav",
            size: 1, sha256: "", format: "wav", status: status, statusMessage: stored, createdAt: Date())
        #expect(ChatSocketMessage(track: track) == .status(status: status.rawValue, message: expected))
    }

    @Test func aResyncIsNotForwarded() {
        #expect(ChatSocketMessage(event: TrackEvent.resync) == nil)
    }

    @Test func hubEventsBecomeStatusAndThinking() {
        #expect(
            ChatSocketMessage(event: TrackEvent.status(status: "analyzing", message: "Starting analysis..."))
                == .status(status: "analyzing", message: "Starting analysis..."))
        #expect(
            ChatSocketMessage(event: TrackEvent.progress(agent: "rhythm", state: "running"))
                == .thinking(message: "Rhythm analysis: running"))
        #expect(
            ChatSocketMessage(event: TrackEvent.progress(agent: "spectral", state: "failed"))
                == .thinking(message: "Spectral analysis: failed"))
    }

    @Test func chatEventsMapOneToOne() {
        #expect(ChatSocketMessage(event: ChatEvent.toolCall(name: "analyse_temporal")) == .toolCall(tool: "analyse_temporal"))
        #expect(
            ChatSocketMessage(event: ChatEvent.toolResult(name: "analyse_temporal", success: true))
                == .toolResult(tool: "analyse_temporal", success: true))
        #expect(ChatSocketMessage(event: ChatEvent.token("a")) == .token(text: "a"))
        #expect(ChatSocketMessage(event: ChatEvent.done(fullResponse: "ab")) == .done(fullResponse: "ab"))
        #expect(ChatSocketMessage(event: ChatEvent.error(message: "x")) == .error(message: "x"))
    }
}
