internal import Foundation

/// Anthropic Messages with tools and streaming, following the Claude API reference for `POST /v1/messages`
/// with `anthropic-version: 2023-06-01` (tools with input_schema, tool_choice auto/none, stream: true).
struct AnthropicProvider: ChatProvider {
    /// The API version header value we implement.
    static let apiVersion = "2023-06-01"

    let name = "anthropic"
    let model: String
    private let endpoint: URL
    private let apiKey: String
    private let maxTokens: Int
    private let exchange: ProviderExchange

    /// Makes the provider.
    /// - Parameters:
    ///   - model: the model id, e.g. `claude-sonnet-4-5`.
    ///   - apiKey: the key sent as `x-api-key`.
    ///   - baseURL: the API root as the SDK takes it, e.g. `https://api.anthropic.com`; we append `/v1/messages`.
    ///   - maxTokens: the `max_tokens` of each reply, > 0.
    ///   - client: the HTTP client.
    init(model: String, apiKey: String, baseURL: URL, maxTokens: Int, client: StreamingHTTPClient) {
        self.model = model
        self.apiKey = apiKey
        self.maxTokens = maxTokens
        self.endpoint = baseURL.appendingPathComponent("v1/messages")
        self.exchange = ProviderExchange(provider: name, client: client, secret: apiKey)
    }

    func respond(
        to request: ChatRequest, onText: @escaping @Sendable (String) async -> Void
    ) async throws
        -> AssistantTurn
    {
        try await exchange.post(
            body(for: request), to: endpoint,
            headers: ["x-api-key": apiKey, "anthropic-version": Self.apiVersion, "Accept": "text/event-stream"],
            decoder: AnthropicStreamDecoder(), onText: onText)
    }

    /// The request body. All results of one tool round go in one user message, as the API requires;
    /// empty text blocks are left out because the API rejects them.
    func body(for request: ChatRequest) -> AnthropicWire.Request {
        var messages: [AnthropicWire.Message] = []
        for message in request.messages {
            switch message {
            case .user(let text):
                messages.append(.init(role: "user", content: [.text(text)]))
            case .assistant(let turn):
                var blocks: [AnthropicWire.Block] = turn.text.isEmpty ? [] : [.text(turn.text)]
                for call in turn.toolCalls {
                    blocks.append(.toolUse(id: call.id, name: call.name, input: Self.input(call.arguments)))
                }
                if !blocks.isEmpty { messages.append(.init(role: "assistant", content: blocks)) }
            case .toolResults(let results):
                messages.append(
                    .init(
                        role: "user",
                        content: results.map {
                            .toolResult(toolUseID: $0.callID, content: $0.content.jsonText, isError: $0.isError)
                        }))
            }
        }
        let tools = request.tools.map {
            AnthropicWire.Tool(
                name: $0.name, description: $0.description,
                inputSchema: $0.parameters)
        }
        return AnthropicWire.Request(
            model: model, maxTokens: maxTokens, system: request.system.isEmpty ? nil : request.system,
            messages: messages, tools: tools.isEmpty ? nil : tools,
            toolChoice: tools.isEmpty ? nil : .init(type: request.toolsEnabled ? "auto" : "none"))
    }

    /// Tool input must be an object; malformed arguments from the model are sent back as `{}`.
    private static func input(_ arguments: String) -> JSONValue {
        do {
            let value = try JSONValue(parsing: Data(arguments.utf8))
            if case .object = value { return value }
        } catch {
            // Fall through: the API would reject the whole request over one bad argument string.
        }
        return .object([:])
    }
}
