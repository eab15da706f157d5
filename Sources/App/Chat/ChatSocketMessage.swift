import Chat
import Foundation

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
    /// `{"type":"error","message":"Demo request limit exceeded","request_count":…,"request_limit":…}`:
    /// the 429 body of the HTTP routes as an event, so the page shows the same count.
    case demoLimitExceeded(requestCount: Int, requestLimit: Int)

    /// The status line a client sees on connecting, from the stored track.
    init(track: Track) {
        let message =
            switch track.status {
            case .pending: "Waiting for analysis..."
            case .analyzing: "Starting analysis..."
            case .ready: "Analysis complete"
            case .failed: track.statusMessage
            }
        self = .status(status: track.status.rawValue, message: message)
    }

    /// The message for a hub event; progress reads "Rhythm analysis: running". Nil for `.resync`,
    /// which is answered by re-reading the track (`init(track:)`), not forwarded.
    init?(event: TrackEvent) {
        switch event {
        case .status(let status, let message):
            self = .status(status: status, message: message)
        case .progress(let agent, let state):
            self = .thinking(message: "\(agent.prefix(1).uppercased())\(agent.dropFirst()) analysis: \(state)")
        case .resync:
            return nil
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
        var json = JSONObjectWriter()
        switch self {
        case .status(let status, let message):
            json.add("type", "status")
            json.add("status", status)
            json.add("message", message)
        case .thinking(let message):
            json.add("type", "thinking")
            json.add("message", message)
        case .toolCall(let tool):
            json.add("type", "tool_call")
            json.add("tool", tool)
        case .toolResult(let tool, let success):
            json.add("type", "tool_result")
            json.add("tool", tool)
            json.add("success", success)
        case .token(let text):
            json.add("type", "token")
            json.add("text", text)
        case .done(let fullResponse):
            json.add("type", "done")
            json.add("full_response", fullResponse)
        case .error(let message):
            json.add("type", "error")
            json.add("message", message)
        case .demoLimitExceeded(let count, let limit):
            json.add("type", "error")
            json.add("message", "Demo request limit exceeded")
            json.add("request_count", count)
            json.add("request_limit", limit)
        }
        return String(decoding: json.finish(), as: UTF8.self)
    }
}
