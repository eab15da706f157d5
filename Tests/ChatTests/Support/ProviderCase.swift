import Foundation

@testable import Chat

/// One of the three LLM providers, set up against a fake server.
enum ProviderCase: String, CaseIterable, Sendable {
    case openai, anthropic, gemini

    /// The key configured; tests check it never leaks.
    var key: String { "test-key-\(rawValue)-0123456789" }

    /// A configuration pointing this provider at `base`.
    func configuration(_ base: String, timeout: Duration = .seconds(10)) -> ChatConfiguration {
        switch self {
        case .openai:
            return ChatConfiguration(
                model: "openai/gpt-test", openAIAPIKey: key, openAIBaseURL: base + "/v1",
                requestTimeout: timeout)
        case .anthropic:
            return ChatConfiguration(
                model: "anthropic/claude-test", anthropicAPIKey: key, anthropicBaseURL: base,
                requestTimeout: timeout)
        case .gemini:
            return ChatConfiguration(
                model: "gemini/gemini-test", googleAPIKey: key, geminiBaseURL: base,
                requestTimeout: timeout)
        }
    }

    /// The provider, built through the factory as the App does.
    func provider(_ base: String, timeout: Duration = .seconds(10)) throws -> any ChatProvider {
        let selection = try ChatProviderFactory.make(configuration(base, timeout: timeout))
        return selection.provider
    }

    /// The path the provider must have posted to.
    var expectedPath: String {
        switch self {
        case .openai: return "/v1/chat/completions"
        case .anthropic: return "/v1/messages"
        case .gemini: return "/v1beta/models/gemini-test:streamGenerateContent?alt=sse"
        }
    }

    /// The header carrying the key, and its expected value.
    var authHeader: (name: String, value: String) {
        switch self {
        case .openai: return ("authorization", "Bearer \(key)")
        case .anthropic: return ("x-api-key", key)
        case .gemini: return ("x-goog-api-key", key)
        }
    }
}

extension JSONValue {
    /// A logged request's header, by case-insensitive name.
    func header(_ name: String) -> String? {
        guard case .object(let headers) = self["headers"] else { return nil }
        return headers.first { $0.key.lowercased() == name.lowercased() }?.value.stringValue
    }

    /// The element at `index` of an array.
    subscript(index: Int) -> JSONValue? {
        guard let elements = arrayValue, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The last element of an array.
    var last: JSONValue? { arrayValue?.last }
}
