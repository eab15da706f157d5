/// A model that answers one request: it streams text through `onText` and returns its whole reply,
/// tool calls included. The conversation loop (`Conversation`) runs the tools and calls again.
///
/// Implementations: `LocalRouter` (no network), `GeminiProvider`, `AnthropicProvider`, `OpenAIProvider`.
public protocol ChatProvider: Sendable {
    /// The provider's short name for logs and errors: `local`, `gemini`, `anthropic`, `openai`.
    var name: String { get }
    /// The model answering, e.g. `gemini-2.5-flash`, or `local`.
    var model: String { get }
    /// Sends one request and streams the reply.
    /// - Parameters:
    ///   - request: the system prompt, the history ending in a user message or tool results, and the tools offered.
    ///   - onText: called with each piece of text as it arrives, in order.
    /// - Returns: the whole reply: all its text and its tool calls in order.
    /// - Throws: `ChatError` for HTTP errors, timeouts, cut streams and malformed replies; `CancellationError`.
    func respond(
        to request: ChatRequest, onText: @escaping @Sendable (String) async -> Void
    ) async throws
        -> AssistantTurn
}

/// One request to a model.
public struct ChatRequest: Sendable, Equatable {
    /// Instructions for the model, sent the way each provider takes a system prompt.
    public var system: String
    /// The conversation so far; it starts with a user message.
    public var messages: [ChatMessage]
    /// The tools the model may call.
    public var tools: [ToolSpec]
    /// Whether the model may call them now. The last round of a conversation still describes the tools
    /// (Anthropic rejects tool blocks in a history without them) but forbids calls, so the model must answer.
    public var toolsEnabled: Bool

    /// Makes a request.
    /// - Parameters:
    ///   - system: the system prompt; default empty.
    ///   - messages: the history, starting with a user message.
    ///   - tools: the tools offered; default none.
    ///   - toolsEnabled: whether calls are allowed; default `true`.
    public init(system: String = "", messages: [ChatMessage], tools: [ToolSpec] = [], toolsEnabled: Bool = true) {
        self.system = system
        self.messages = messages
        self.tools = tools
        self.toolsEnabled = toolsEnabled
    }
}
