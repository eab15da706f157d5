internal import Foundation

/// The provider chosen for a configuration, and why it may not be the one asked for.
public struct ChatProviderSelection: Sendable {
    /// The provider to answer with: a model, or `LocalRouter`.
    public let provider: any ChatProvider
    /// Set when a provider model had no key and the local router stands in; log it at start.
    public let warning: String?
}

/// Builds the provider named by `ChatConfiguration.model`.
public enum ChatProviderFactory {
    /// The providers' own API roots, written as their SDKs take them.
    static let defaultBaseURLs = (
        gemini: "https://generativelanguage.googleapis.com",
        anthropic: "https://api.anthropic.com",
        openAI: "https://api.openai.com/v1"
    )

    /// Chooses and builds the provider. Only a real provider creates a URLSession.
    /// - Parameter configuration: model name, keys, base URLs and limits.
    /// - Returns: the provider, with a warning when a keyless provider model fell back to the local router.
    /// - Throws: `ChatError` of kind `.configuration` for an unknown model prefix, an empty or malformed
    ///   model id, a base URL that is not http(s), or a non-positive limit; its `detail` names the variable.
    public static func make(_ configuration: ChatConfiguration) throws -> ChatProviderSelection {
        let (kind, model) = try ModelName.parse(configuration.model)
        guard configuration.maxOutputTokens > 0, configuration.requestTimeout > .zero else {
            throw ChatError(.configuration, provider: kind.rawValue, detail: "limits must be positive")
        }
        let key: String?
        switch kind {
        case .local: return ChatProviderSelection(provider: LocalRouter(), warning: nil)
        case .gemini: key = configuration.googleAPIKey
        case .anthropic: key = configuration.anthropicAPIKey
        case .openai: key = configuration.openAIAPIKey
        }
        guard let key, !key.isEmpty else {
            let warning =
                "LLM_MODEL=\(configuration.model) needs \(kind.keyVariable), which is not set; "
                + "answering with the local router"
            return ChatProviderSelection(provider: LocalRouter(), warning: warning)
        }
        let provider = try build(kind, model: model, key: key, configuration: configuration)
        return ChatProviderSelection(provider: provider, warning: nil)
    }

    private static func build(
        _ kind: ModelName.Provider, model: String, key: String, configuration: ChatConfiguration
    ) throws -> any ChatProvider {
        let client = { StreamingHTTPClient(provider: kind.rawValue, timeout: configuration.requestTimeout) }
        switch kind {
        case .gemini:
            let base = try baseURL(configuration.geminiBaseURL, default: defaultBaseURLs.gemini, "GEMINI_BASE_URL")
            return try GeminiProvider(
                model: model, apiKey: key, baseURL: base,
                maxTokens: configuration.maxOutputTokens, client: client())
        case .anthropic:
            let base = try baseURL(
                configuration.anthropicBaseURL, default: defaultBaseURLs.anthropic,
                "ANTHROPIC_BASE_URL")
            return AnthropicProvider(
                model: model, apiKey: key, baseURL: base,
                maxTokens: configuration.maxOutputTokens, client: client())
        case .openai:
            let base = try baseURL(configuration.openAIBaseURL, default: defaultBaseURLs.openAI, "OPENAI_BASE_URL")
            return OpenAIProvider(model: model, apiKey: key, baseURL: base, client: client())
        case .local:
            return LocalRouter()
        }
    }

    /// An http(s) URL with a host, or the default when unset or empty.
    static func baseURL(_ text: String?, default fallback: String, _ variable: String) throws -> URL {
        let trimmed = text?.trimmingCharacters(in: .whitespaces) ?? ""
        let candidate = trimmed.isEmpty ? fallback : trimmed
        guard let url = URL(string: candidate), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", url.host?.isEmpty == false
        else {
            throw ChatError(.configuration, provider: "chat", detail: "\(variable) must be an http(s) URL")
        }
        return url
    }
}
