/// Codable types of the Anthropic Messages API (`POST /v1/messages`, `anthropic-version: 2023-06-01`),
/// as documented in "Messages" and "Streaming Messages" of the Claude API reference. Only the fields we use.
enum AnthropicWire {
    struct Request: Encodable {
        let model: String
        let maxTokens: Int
        let system: String?
        let messages: [Message]
        let tools: [Tool]?
        let toolChoice: ToolChoice?
        let stream = true

        enum CodingKeys: String, CodingKey {
            case model, system, messages, tools, stream
            case maxTokens = "max_tokens"
            case toolChoice = "tool_choice"
        }
    }

    struct Message: Encodable {
        let role: String
        let content: [Block]
    }

    /// A content block we send: text, a tool call the model made, or a tool result.
    enum Block: Encodable {
        case text(String)
        case toolUse(id: String, name: String, input: JSONValue)
        case toolResult(toolUseID: String, content: String, isError: Bool)

        private enum Keys: String, CodingKey {
            case type, text, id, name, input, content
            case toolUseID = "tool_use_id"
            case isError = "is_error"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            switch self {
            case .text(let text):
                try container.encode("text", forKey: .type)
                try container.encode(text, forKey: .text)
            case .toolUse(let id, let name, let input):
                try container.encode("tool_use", forKey: .type)
                try container.encode(id, forKey: .id)
                try container.encode(name, forKey: .name)
                try container.encode(input, forKey: .input)
            case .toolResult(let toolUseID, let content, let isError):
                try container.encode("tool_result", forKey: .type)
                try container.encode(toolUseID, forKey: .toolUseID)
                try container.encode(content, forKey: .content)
                if isError { try container.encode(true, forKey: .isError) }
            }
        }
    }

    struct Tool: Encodable {
        let name: String
        let description: String
        let inputSchema: JSONValue

        enum CodingKeys: String, CodingKey {
            case name, description
            case inputSchema = "input_schema"
        }
    }

    /// `{"type":"auto"}` or `{"type":"none"}`.
    struct ToolChoice: Encodable {
        let type: String
    }

    /// Any streaming event's payload; which fields are present depends on `type`.
    struct Event: Decodable {
        let type: String
        let index: Int?
        let contentBlock: ContentBlock?
        let delta: Delta?
        let error: APIError?

        enum CodingKeys: String, CodingKey {
            case type, index, delta, error
            case contentBlock = "content_block"
        }
    }

    struct ContentBlock: Decodable {
        let type: String
        let text: String?
        let id: String?
        let name: String?
    }

    /// `text_delta` (text), `input_json_delta` (partial_json) or `message_delta` (stop_reason).
    struct Delta: Decodable {
        let type: String?
        let text: String?
        let partialJSON: String?
        let stopReason: String?

        enum CodingKeys: String, CodingKey {
            case type, text
            case partialJSON = "partial_json"
            case stopReason = "stop_reason"
        }
    }

    struct APIError: Decodable {
        let type: String?
        let message: String?
    }
}
