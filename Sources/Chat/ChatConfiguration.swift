/// What the Chat target needs to pick and reach a model; the App fills it from the environment
/// (LLM_MODEL, the provider keys and base URLs of DESIGN.md's configuration table).
public struct ChatConfiguration: Sendable, Equatable {
    /// LiteLLM-style model name: `local`, `gemini/<model>`, `anthropic/<model>` or `claude-…`,
    /// `openai/<model>` or `gpt-…`; default `local`.
    public var model: String
    /// GOOGLE_API_KEY, for Gemini.
    public var googleAPIKey: String?
    /// ANTHROPIC_API_KEY.
    public var anthropicAPIKey: String?
    /// OPENAI_API_KEY (any non-empty value for a local OpenAI-compatible server).
    public var openAIAPIKey: String?
    /// GEMINI_BASE_URL as the SDK takes it; default `https://generativelanguage.googleapis.com`.
    public var geminiBaseURL: String?
    /// ANTHROPIC_BASE_URL as the SDK takes it; default `https://api.anthropic.com`.
    public var anthropicBaseURL: String?
    /// OPENAI_BASE_URL as the SDK takes it; default `https://api.openai.com/v1`.
    public var openAIBaseURL: String?
    /// The deadline of one model request, connection to last byte; default 60 s.
    public var requestTimeout: Duration
    /// The most tokens of one reply (Anthropic `max_tokens`, Gemini `maxOutputTokens`), > 0; default 1024.
    public var maxOutputTokens: Int

    /// Makes a configuration.
    /// - Parameters:
    ///   - model: the model name; default `local`.
    ///   - googleAPIKey: Gemini key; default none.
    ///   - anthropicAPIKey: Anthropic key; default none.
    ///   - openAIAPIKey: OpenAI key; default none.
    ///   - geminiBaseURL: Gemini API root; default the provider's.
    ///   - anthropicBaseURL: Anthropic API root; default the provider's.
    ///   - openAIBaseURL: OpenAI API root including `/v1`; default the provider's.
    ///   - requestTimeout: per-request deadline; default 60 s.
    ///   - maxOutputTokens: reply length limit in tokens, > 0; default 1024.
    public init(
        model: String = "local", googleAPIKey: String? = nil, anthropicAPIKey: String? = nil,
        openAIAPIKey: String? = nil, geminiBaseURL: String? = nil, anthropicBaseURL: String? = nil,
        openAIBaseURL: String? = nil, requestTimeout: Duration = .seconds(60), maxOutputTokens: Int = 1024
    ) {
        self.model = model
        self.googleAPIKey = googleAPIKey
        self.anthropicAPIKey = anthropicAPIKey
        self.openAIAPIKey = openAIAPIKey
        self.geminiBaseURL = geminiBaseURL
        self.anthropicBaseURL = anthropicBaseURL
        self.openAIBaseURL = openAIBaseURL
        self.requestTimeout = requestTimeout
        self.maxOutputTokens = maxOutputTokens
    }
}
