/// Reads LiteLLM-style model names: `local`, `gemini/<model>`, `anthropic/<model>`, `claude-…`,
/// `openai/<model>`, `gpt-…`.
enum ModelName {
    /// The provider families we speak.
    enum Provider: String, Sendable {
        case local, gemini, anthropic, openai

        /// The environment variable holding the provider's key.
        var keyVariable: String {
            switch self {
            case .local: return ""
            case .gemini: return "GOOGLE_API_KEY"
            case .anthropic: return "ANTHROPIC_API_KEY"
            case .openai: return "OPENAI_API_KEY"
            }
        }
    }

    /// The provider and the provider's own model id.
    /// - Throws: `ChatError.configuration` naming LLM_MODEL for an unknown prefix or a bad model id.
    static func parse(_ name: String) throws -> (Provider, String) {
        let trimmed = name.trimmingPrefixAndSuffixWhitespace
        if trimmed.isEmpty || trimmed.lowercased() == "local" { return (.local, "local") }
        let (provider, model) = try split(trimmed)
        guard isValid(model, for: provider) else {
            throw ChatError(.configuration, provider: provider.rawValue, detail: "LLM_MODEL has a bad model id")
        }
        return (provider, model)
    }

    private static func split(_ name: String) throws -> (Provider, String) {
        let prefixes: [(String, Provider)] = [("gemini/", .gemini), ("anthropic/", .anthropic), ("openai/", .openai)]
        for (prefix, provider) in prefixes where name.lowercased().hasPrefix(prefix) {
            return (provider, String(name.dropFirst(prefix.count)))
        }
        let lowered = name.lowercased()
        if lowered.hasPrefix("claude-") { return (.anthropic, name) }
        if lowered.hasPrefix("gpt-") || lowered.hasPrefix("chatgpt-") { return (.openai, name) }
        if lowered.hasPrefix("gemini-") { return (.gemini, name) }
        throw ChatError(
            .configuration, provider: "chat",
            detail:
                "LLM_MODEL must be local, gemini/<model>, anthropic/<model>, claude-…, openai/<model> or gpt-…")
    }

    /// Gemini's id goes into the URL path, so it is held to the characters model ids use; others only
    /// need to be non-empty and free of spaces and control characters (Ollama ids have `:`, vLLM ids `/`).
    private static func isValid(_ model: String, for provider: Provider) -> Bool {
        guard !model.isEmpty, model.count <= 200 else { return false }
        if provider == .gemini {
            return model.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) }
        }
        return model.allSatisfy { !$0.isWhitespace && !($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false) }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    fileprivate var trimmingPrefixAndSuffixWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
