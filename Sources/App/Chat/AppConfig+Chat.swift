import Chat

extension AppConfig {
    /// What the chat providers need from the environment (LLM_MODEL, provider keys and base URLs).
    var chatConfiguration: ChatConfiguration {
        ChatConfiguration(
            model: llmModel, googleAPIKey: googleAPIKey, anthropicAPIKey: anthropicAPIKey, openAIAPIKey: openAIAPIKey,
            geminiBaseURL: geminiBaseURL, anthropicBaseURL: anthropicBaseURL, openAIBaseURL: openAIBaseURL)
    }
}
