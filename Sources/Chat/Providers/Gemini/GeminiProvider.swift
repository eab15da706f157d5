internal import Foundation

/// Gemini API v1beta with function calling and streaming, following the Gemini API reference for
/// `models/{model}:streamGenerateContent?alt=sse` (functionDeclarations with parametersJsonSchema, toolConfig,
/// systemInstruction) and
/// the thought-signature guide (signatures on function-call parts are sent back unchanged).
struct GeminiProvider: ChatProvider {
    let name = "gemini"
    let model: String
    private let endpoint: URL
    private let apiKey: String
    private let maxTokens: Int
    private let exchange: ProviderExchange

    /// Makes the provider.
    /// - Parameters:
    ///   - model: the model id, e.g. `gemini-2.5-flash`; letters, digits, `-`, `.`, `_`.
    ///   - apiKey: the key sent as `x-goog-api-key`.
    ///   - baseURL: the API root as the SDK takes it, e.g. `https://generativelanguage.googleapis.com`;
    ///     we append `/v1beta/models/<model>:streamGenerateContent?alt=sse`.
    ///   - maxTokens: `maxOutputTokens` of each reply, > 0.
    ///   - client: the HTTP client.
    /// - Throws: `ChatError.configuration` when the URL cannot be built.
    init(model: String, apiKey: String, baseURL: URL, maxTokens: Int, client: StreamingHTTPClient) throws {
        let path = baseURL.appendingPathComponent("v1beta/models/\(model):streamGenerateContent")
        guard var components = URLComponents(url: path, resolvingAgainstBaseURL: false) else {
            throw ChatError(.configuration, provider: "gemini", detail: "bad base URL")
        }
        components.queryItems = [URLQueryItem(name: "alt", value: "sse")]
        guard let endpoint = components.url else {
            throw ChatError(.configuration, provider: "gemini", detail: "bad model name")
        }
        self.model = model
        self.apiKey = apiKey
        self.maxTokens = maxTokens
        self.endpoint = endpoint
        self.exchange = ProviderExchange(provider: "gemini", client: client, secret: apiKey)
    }

    func respond(
        to request: ChatRequest, onText: @escaping @Sendable (String) async -> Void
    ) async throws
        -> AssistantTurn
    {
        try await exchange.post(
            body(for: request), to: endpoint, headers: ["x-goog-api-key": apiKey], decoder: GeminiStreamDecoder(),
            onText: onText)
    }

    /// The request body. Function results go back as a `user` content of functionResponse parts, in call order.
    func body(for request: ChatRequest) -> GeminiWire.Request {
        let contents = request.messages.compactMap(Self.content)
        let declarations = request.tools.map {
            GeminiWire.FunctionDeclaration(
                name: $0.name, description: $0.description,
                parametersJsonSchema: $0.parameters)
        }
        return GeminiWire.Request(
            contents: contents,
            systemInstruction: request.system.isEmpty ? nil : .init(parts: [.init(text: request.system)]),
            tools: declarations.isEmpty ? nil : [.init(functionDeclarations: declarations)],
            toolConfig: declarations.isEmpty
                ? nil : .init(functionCallingConfig: .init(mode: request.toolsEnabled ? "AUTO" : "NONE")),
            generationConfig: .init(maxOutputTokens: maxTokens))
    }

    private static func content(_ message: ChatMessage) -> GeminiWire.Content? {
        switch message {
        case .user(let text):
            return .init(role: "user", parts: [.text(text)])
        case .assistant(let turn):
            var parts: [GeminiWire.Part] = turn.text.isEmpty ? [] : [.text(turn.text)]
            for call in turn.toolCalls {
                parts.append(
                    .functionCall(
                        name: call.name, args: arguments(call.arguments), id: providerID(call.id),
                        thoughtSignature: call.signature))
            }
            return parts.isEmpty ? nil : .init(role: "model", parts: parts)
        case .toolResults(let results):
            return .init(
                role: "user",
                parts: results.map {
                    // `response` must be an object; the guide puts a plain value under "output".
                    let response: JSONValue = if case .object = $0.content { $0.content } else { ["output": $0.content] }
                    return .functionResponse(name: $0.name, response: response, id: providerID($0.callID))
                })
        }
    }

    private static func arguments(_ text: String) -> JSONValue {
        do {
            let value = try JSONValue(parsing: Data(text.utf8))
            if case .object = value { return value }
        } catch {
            // Fall through: `args` must be an object or the whole request is rejected.
        }
        return .object([:])
    }

    /// The call id to send back: Gemini's own, never one we generated.
    private static func providerID(_ id: String) -> String? {
        id.hasPrefix(GeminiStreamDecoder.generatedIDPrefix) ? nil : id
    }
}
