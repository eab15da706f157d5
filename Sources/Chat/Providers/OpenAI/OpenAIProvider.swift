internal import Foundation

/// OpenAI Chat Completions with tools and streaming, following the OpenAI API reference for
/// `POST /v1/chat/completions` (stream: true, tools of type function, tool_choice). Also serves any
/// OpenAI-compatible server (Ollama, vLLM …) through the base URL.
struct OpenAIProvider: ChatProvider {
    let name = "openai"
    let model: String
    private let endpoint: URL
    private let apiKey: String
    private let exchange: ProviderExchange

    /// Makes the provider.
    /// - Parameters:
    ///   - model: the model id, e.g. `gpt-4o-mini`.
    ///   - apiKey: the key sent as a bearer token.
    ///   - baseURL: the API root as the SDK takes it, e.g. `https://api.openai.com/v1`; we append `/chat/completions`.
    ///   - client: the HTTP client.
    init(model: String, apiKey: String, baseURL: URL, client: StreamingHTTPClient) {
        self.model = model
        self.apiKey = apiKey
        self.endpoint = baseURL.appendingPathComponent("chat/completions")
        self.exchange = ProviderExchange(provider: name, client: client, secret: apiKey)
    }

    func respond(
        to request: ChatRequest, onText: @escaping @Sendable (String) async -> Void
    ) async throws
        -> AssistantTurn
    {
        try await exchange.post(
            body(for: request), to: endpoint,
            headers: ["Authorization": "Bearer \(apiKey)", "Accept": "text/event-stream"],
            decoder: OpenAIStreamDecoder(), onText: onText)
    }

    /// The request body: system prompt first, then the history; one `tool` message per tool result.
    func body(for request: ChatRequest) -> OpenAIWire.Request {
        var messages: [OpenAIWire.Message] = []
        if !request.system.isEmpty { messages.append(.init(role: "system", content: request.system)) }
        for message in request.messages {
            switch message {
            case .user(let text):
                messages.append(.init(role: "user", content: text))
            case .assistant(let turn):
                var entry = OpenAIWire.Message(role: "assistant", content: turn.text.isEmpty ? nil : turn.text)
                if !turn.toolCalls.isEmpty {
                    entry.toolCalls = turn.toolCalls.map {
                        .init(id: $0.id, function: .init(name: $0.name, arguments: $0.arguments))
                    }
                }
                if entry.content != nil || entry.toolCalls != nil { messages.append(entry) }
            case .toolResults(let results):
                for result in results {
                    var entry = OpenAIWire.Message(role: "tool", content: result.content.jsonText)
                    entry.toolCallID = result.callID
                    messages.append(entry)
                }
            }
        }
        let tools = request.tools.map {
            OpenAIWire.Tool(function: .init(name: $0.name, description: $0.description, parameters: $0.parameters))
        }
        return OpenAIWire.Request(
            model: model, messages: messages, tools: tools.isEmpty ? nil : tools,
            toolChoice: tools.isEmpty ? nil : (request.toolsEnabled ? "auto" : "none"))
    }
}
