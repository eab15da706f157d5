import Foundation
import Chat

/// A message the chat socket sends to the browser (API.md "WebSocket chat").
enum ChatSocketMessage: Equatable, Sendable {
    /// `{"type":"status","status":…,"message":…}`: the track's analysis status.
    case status(status: String, message: String)
    /// `{"type":"thinking","message":"Rhythm analysis: running"}`: an agent's progress.
    case thinking(message: String)
    /// `{"type":"tool_call","tool":…}`.
    case toolCall(tool: String)
    /// `{"type":"tool_result","tool":…,"success":…}`.
    case toolResult(tool: String, success: Bool)
    /// `{"type":"token","text":…}`: a piece of the answer.
    case token(text: String)
    /// `{"type":"done","full_response":…}`.
    case done(fullResponse: String)
    /// `{"type":"error","message":…}`: the socket stays open.
    case error(message: String)

    /// The status line a client sees on connecting, from the stored track.
    init(track: Track) {
        let message = switch track.status {
        case .pending: "Waiting for analysis..."
        case .analyzing: "Starting analysis..."
        case .ready: "Analysis complete"
        case .failed: track.statusMessage
        }
        self = .status(status: track.status.rawValue, message: message)
    }

    /// The message for a hub event; progress reads "Rhythm analysis: running".
    init(event: TrackEvent) {
        switch event {
        case .status(let status, let message):
            self = .status(status: status, message: message)
        case .progress(let agent, let state):
            self = .thinking(message: "\(agent.prefix(1).uppercased())\(agent.dropFirst()) analysis: \(state)")
        }
    }

    /// The message for a conversation event, one to one.
    init(event: ChatEvent) {
        switch event {
        case .toolCall(let name): self = .toolCall(tool: name)
        case .toolResult(let name, let success): self = .toolResult(tool: name, success: success)
        case .token(let text): self = .token(text: text)
        case .done(let fullResponse): self = .done(fullResponse: fullResponse)
        case .error(let message): self = .error(message: message)
        }
    }

    /// The JSON text sent in one text frame. Written by hand: a token is sent for every few words of an
    /// answer, and an encoder per message cost more than the rest of sending it.
    var json: String {
        switch self {
        case .status(let status, let message): object(("type", "\"status\""), ("status", status.jsonQuoted), ("message", message.jsonQuoted))
        case .thinking(let message): object(("type", "\"thinking\""), ("message", message.jsonQuoted))
        case .toolCall(let tool): object(("type", "\"tool_call\""), ("tool", tool.jsonQuoted))
        case .toolResult(let tool, let success):
            object(("type", "\"tool_result\""), ("tool", tool.jsonQuoted), ("success", success ? "true" : "false"))
        case .token(let text): object(("type", "\"token\""), ("text", text.jsonQuoted))
        case .done(let fullResponse): object(("type", "\"done\""), ("full_response", fullResponse.jsonQuoted))
        case .error(let message): object(("type", "\"error\""), ("message", message.jsonQuoted))
        }
    }

    /// `{"key":value,…}` from keys that need no escaping and values already in JSON.
    private func object(_ members: (String, String)...) -> String {
        "{" + members.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }
}
