/// One entry of a conversation, in a provider-neutral form that every adapter maps to its wire format.
public enum ChatMessage: Sendable, Equatable {
    /// A question from the person.
    case user(String)
    /// What the model said: text (possibly empty) and the tools it asked for (possibly none).
    case assistant(AssistantTurn)
    /// The results of every tool call of the assistant message just before, in call order.
    case toolResults([ToolResult])
}

/// One model reply: its text and the tool calls it made in that reply.
public struct AssistantTurn: Sendable, Equatable {
    /// The text the model streamed in this reply.
    public var text: String
    /// The tool calls, in the order the model made them.
    public var toolCalls: [ToolCall]

    /// Makes a reply.
    /// - Parameters:
    ///   - text: what the model said; default empty.
    ///   - toolCalls: the calls it made; default none.
    public init(text: String = "", toolCalls: [ToolCall] = []) {
        self.text = text
        self.toolCalls = toolCalls
    }
}

/// A request from the model to run one tool.
public struct ToolCall: Sendable, Equatable {
    /// The provider's id for the call, echoed back with its result (generated when the provider gives none).
    public var id: String
    /// The tool's name, as offered.
    public var name: String
    /// The arguments as the model wrote them: JSON object text, possibly malformed.
    public var arguments: String
    /// Opaque provider data that must travel back with the call in later requests
    /// (Gemini's `thoughtSignature`); `nil` for other providers.
    public var signature: String?

    /// Makes a call.
    /// - Parameters:
    ///   - id: the provider's call id.
    ///   - name: the tool name.
    ///   - arguments: JSON object text; default `{}`.
    ///   - signature: opaque provider data to echo back; default none.
    public init(id: String, name: String, arguments: String = "{}", signature: String? = nil) {
        self.id = id
        self.name = name
        self.arguments = arguments
        self.signature = signature
    }
}

/// The outcome of one tool call, as the model will see it.
public struct ToolResult: Sendable, Equatable {
    /// The id of the call this answers.
    public var callID: String
    /// The tool's name (Gemini matches results by name).
    public var name: String
    /// The result as JSON; on failure an object with an `error` member.
    public var content: JSONValue
    /// Whether the tool failed.
    public var isError: Bool

    /// Makes a result.
    /// - Parameters:
    ///   - callID: the id of the call answered.
    ///   - name: the tool name.
    ///   - content: the result JSON.
    ///   - isError: whether the tool failed; default `false`.
    public init(callID: String, name: String, content: JSONValue, isError: Bool = false) {
        self.callID = callID
        self.name = name
        self.content = content
        self.isError = isError
    }
}
