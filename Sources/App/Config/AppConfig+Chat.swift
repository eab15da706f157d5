public import Chat

extension AppConfig {
    /// The chat model and its providers.
    public struct ChatSettings: Sendable {
        /// LLM_MODEL (default local), GOOGLE_API_KEY, ANTHROPIC_API_KEY, OPENAI_API_KEY and
        /// GEMINI_BASE_URL, ANTHROPIC_BASE_URL, OPENAI_BASE_URL: what the providers need (a
        /// provider without its key falls back to the local router).
        public var providers: ChatConfiguration
        /// CHAT_MAX_SOCKETS_PER_USER (default 8): open chat sockets one user may hold (the API key is exempt).
        public var maxSocketsPerUser: Int

        init(_ env: Environment) throws {
            providers = ChatConfiguration(
                model: env.string("LLM_MODEL", default: "local"), googleAPIKey: env.string("GOOGLE_API_KEY"),
                anthropicAPIKey: env.string("ANTHROPIC_API_KEY"), openAIAPIKey: env.string("OPENAI_API_KEY"),
                geminiBaseURL: env.string("GEMINI_BASE_URL"), anthropicBaseURL: env.string("ANTHROPIC_BASE_URL"),
                openAIBaseURL: env.string("OPENAI_BASE_URL"))
            maxSocketsPerUser = try env.int("CHAT_MAX_SOCKETS_PER_USER", default: 8, range: 1...10_000)
        }
    }
}
