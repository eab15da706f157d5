import Chat

extension AppConfig {
    /// The chat model and its providers.
    public struct ChatSettings: Sendable {
        /// LLM_MODEL (default local): a model name, or `local` for the built-in router.
        public var llmModel: String
        /// GOOGLE_API_KEY, ANTHROPIC_API_KEY, OPENAI_API_KEY: a provider's key; without one its models fall back to local.
        public var googleAPIKey: String?
        public var anthropicAPIKey: String?
        public var openAIAPIKey: String?
        /// GEMINI_BASE_URL, ANTHROPIC_BASE_URL, OPENAI_BASE_URL: another endpoint speaking the provider's API.
        public var geminiBaseURL: String?
        public var anthropicBaseURL: String?
        public var openAIBaseURL: String?
        /// CHAT_MAX_SOCKETS_PER_USER (default 8): open chat sockets one user may hold (the API key is exempt).
        public var maxSocketsPerUser: Int

        init(_ env: Environment) throws {
            llmModel = env.string("LLM_MODEL", default: "local")
            googleAPIKey = env.string("GOOGLE_API_KEY")
            anthropicAPIKey = env.string("ANTHROPIC_API_KEY")
            openAIAPIKey = env.string("OPENAI_API_KEY")
            geminiBaseURL = env.string("GEMINI_BASE_URL")
            anthropicBaseURL = env.string("ANTHROPIC_BASE_URL")
            openAIBaseURL = env.string("OPENAI_BASE_URL")
            maxSocketsPerUser = try env.int("CHAT_MAX_SOCKETS_PER_USER", default: 8, range: 1...10_000)
        }

        /// What the chat providers need.
        var providers: ChatConfiguration {
            ChatConfiguration(
                model: llmModel, googleAPIKey: googleAPIKey, anthropicAPIKey: anthropicAPIKey, openAIAPIKey: openAIAPIKey,
                geminiBaseURL: geminiBaseURL, anthropicBaseURL: anthropicBaseURL, openAIBaseURL: openAIBaseURL)
        }
    }
}
