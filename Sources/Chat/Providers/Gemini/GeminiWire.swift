/// Codable types of the Gemini API v1beta (`models/{model}:streamGenerateContent?alt=sse`), as documented
/// in the Gemini API reference "Generating content" and the function-calling and thought-signature guides.
/// Only the fields we use.
enum GeminiWire {
    struct Request: Encodable {
        let contents: [Content]
        let systemInstruction: SystemInstruction?
        let tools: [Tool]?
        let toolConfig: ToolConfig?
        let generationConfig: GenerationConfig
    }

    struct SystemInstruction: Encodable {
        let parts: [TextPart]
    }

    struct TextPart: Encodable {
        let text: String
    }

    struct Content: Encodable {
        let role: String
        let parts: [Part]
    }

    /// A part we send: text, a function call the model made (with its thought signature), or a result.
    enum Part: Encodable {
        case text(String)
        case functionCall(name: String, args: JSONValue, id: String?, thoughtSignature: String?)
        case functionResponse(name: String, response: JSONValue, id: String?)

        private enum Keys: String, CodingKey {
            case text, functionCall, functionResponse, thoughtSignature
        }

        private struct Call: Encodable {
            let name: String
            let args: JSONValue
            let id: String?
        }

        private struct Response: Encodable {
            let name: String
            let response: JSONValue
            let id: String?
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            switch self {
            case .text(let text):
                try container.encode(text, forKey: .text)
            case .functionCall(let name, let args, let id, let signature):
                try container.encode(Call(name: name, args: args, id: id), forKey: .functionCall)
                try container.encodeIfPresent(signature, forKey: .thoughtSignature)
            case .functionResponse(let name, let response, let id):
                try container.encode(Response(name: name, response: response, id: id), forKey: .functionResponse)
            }
        }
    }

    struct Tool: Encodable {
        let functionDeclarations: [FunctionDeclaration]
    }

    /// A function the model may call. Its schema goes in `parametersJsonSchema`, which takes standard JSON
    /// Schema (`parameters` takes only an OpenAPI subset that rejects e.g. `additionalProperties`).
    struct FunctionDeclaration: Encodable {
        let name: String
        let description: String
        let parametersJsonSchema: JSONValue
    }

    /// `{"functionCallingConfig":{"mode":"AUTO"|"NONE"}}`.
    struct ToolConfig: Encodable {
        struct FunctionCallingConfig: Encodable {
            let mode: String
        }

        let functionCallingConfig: FunctionCallingConfig
    }

    struct GenerationConfig: Encodable {
        let maxOutputTokens: Int
    }

    /// One `GenerateContentResponse` chunk, or an in-stream `{"error": …}`.
    struct Response: Decodable {
        let candidates: [Candidate]?
        let promptFeedback: PromptFeedback?
        let error: APIError?
    }

    struct Candidate: Decodable {
        let content: ResponseContent?
        let finishReason: String?
    }

    struct ResponseContent: Decodable {
        let parts: [ResponsePart]?
    }

    struct ResponsePart: Decodable {
        let text: String?
        let thought: Bool?
        let thoughtSignature: String?
        let functionCall: FunctionCall?
    }

    struct FunctionCall: Decodable {
        let name: String
        let args: JSONValue?
        let id: String?
    }

    struct PromptFeedback: Decodable {
        let blockReason: String?
    }

    struct APIError: Decodable {
        let code: Int?
        let message: String?
        let status: String?
    }
}
