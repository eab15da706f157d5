/// What a conversation reports while it answers, in order; maps one to one onto the WebSocket events of API.md.
public enum ChatEvent: Sendable, Equatable {
    /// A tool is about to run (`{"type":"tool_call","tool":…}`).
    case toolCall(name: String)
    /// A tool finished (`{"type":"tool_result","tool":…,"success":…}`).
    case toolResult(name: String, success: Bool)
    /// A piece of the answer (`{"type":"token","text":…}`).
    case token(String)
    /// The answer is complete (`{"type":"done","full_response":…}`): every token of the answer, joined.
    case done(fullResponse: String)
    /// The answer failed (`{"type":"error","message":…}`); the message is safe to show.
    case error(message: String)
}
