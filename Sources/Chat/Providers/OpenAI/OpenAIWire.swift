/// Codable types of the OpenAI Chat Completions API (`POST /chat/completions`, streaming), as documented in
/// the OpenAI API reference "Chat Completions" (create, streaming chunk object). Only the fields we use.
enum OpenAIWire {
    struct Request: Encodable {
        let model: String
        let messages: [Message]
        let tools: [Tool]?
        let toolChoice: String?
        let stream = true

        enum CodingKeys: String, CodingKey {
            case model, messages, tools, stream
            case toolChoice = "tool_choice"
        }
    }

    struct Message: Encodable {
        let role: String
        let content: String?
        var toolCalls: [ToolCall]?
        var toolCallID: String?

        enum CodingKeys: String, CodingKey {
            case role, content
            case toolCalls = "tool_calls"
            case toolCallID = "tool_call_id"
        }
    }

    struct ToolCall: Encodable {
        let id: String
        let type = "function"
        let function: FunctionCall
    }

    struct FunctionCall: Encodable {
        let name: String
        let arguments: String
    }

    struct Tool: Encodable {
        let type = "function"
        let function: Function
    }

    struct Function: Encodable {
        let name: String
        let description: String
        let parameters: JSONValue
    }

    /// One `chat.completion.chunk` (or an in-stream `{"error": …}`).
    struct Chunk: Decodable {
        let choices: [Choice]?
        let error: APIError?
    }

    struct Choice: Decodable {
        let delta: Delta?
        let finishReason: String?

        enum CodingKeys: String, CodingKey {
            case delta
            case finishReason = "finish_reason"
        }
    }

    struct Delta: Decodable {
        let content: String?
        let toolCalls: [ToolCallDelta]?

        enum CodingKeys: String, CodingKey {
            case content
            case toolCalls = "tool_calls"
        }
    }

    /// A piece of a tool call: the first piece of each call carries `id` and `name`, later ones only
    /// `index` and a slice of `arguments`.
    struct ToolCallDelta: Decodable {
        let index: Int
        let id: String?
        let function: FunctionDelta?
    }

    struct FunctionDelta: Decodable {
        let name: String?
        let arguments: String?
    }

    struct APIError: Decodable {
        let message: String?
        let type: String?
    }
}
