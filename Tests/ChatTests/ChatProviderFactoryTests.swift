import Testing

@testable import Chat

@Suite struct ChatProviderFactoryTests {
    @Test func localIsTheDefault() throws {
        let selection = try ChatProviderFactory.make(ChatConfiguration())
        #expect(selection.provider.name == "local")
        #expect(selection.warning == nil)
    }

    @Test(arguments: [
        ("gemini/gemini-2.5-flash", "gemini", "gemini-2.5-flash"),
        ("anthropic/claude-sonnet-4-5", "anthropic", "claude-sonnet-4-5"),
        ("claude-3-5-haiku-latest", "anthropic", "claude-3-5-haiku-latest"),
        ("openai/gpt-4o-mini", "openai", "gpt-4o-mini"),
        ("gpt-4.1", "openai", "gpt-4.1"),
        ("openai/llama3.1:8b", "openai", "llama3.1:8b"),
    ])
    func providerModelsWithKeysBuildThatProvider(model: String, provider: String, id: String) throws {
        let configuration = ChatConfiguration(model: model, googleAPIKey: "g", anthropicAPIKey: "a", openAIAPIKey: "o")
        let selection = try ChatProviderFactory.make(configuration)
        #expect(selection.provider.name == provider)
        #expect(selection.provider.model == id)
        #expect(selection.warning == nil)
    }

    @Test(arguments: [
        ("gemini/gemini-2.5-flash", "GOOGLE_API_KEY"), ("claude-sonnet-4-5", "ANTHROPIC_API_KEY"),
        ("gpt-4o", "OPENAI_API_KEY"),
    ])
    func aMissingKeyFallsBackToLocalWithAWarning(model: String, variable: String) throws {
        let selection = try ChatProviderFactory.make(ChatConfiguration(model: model, openAIAPIKey: ""))
        #expect(selection.provider.name == "local")
        #expect(selection.warning?.contains(variable) == true)
        #expect(selection.warning?.contains(model) == true)
    }

    @Test(arguments: ["mistral/large", "gemini/", "gemini/../../etc", "anthropic/has space", "llama3"])
    func badModelNamesAreConfigurationErrors(model: String) {
        let error = #expect(throws: ChatError.self) {
            _ = try ChatProviderFactory.make(ChatConfiguration(model: model, googleAPIKey: "g", anthropicAPIKey: "a"))
        }
        #expect(error?.kind == .configuration)
        #expect(error?.detail.contains("LLM_MODEL") == true)
    }

    @Test(arguments: ["ftp://example.com", "not a url", "https://"])
    func badBaseURLsNameTheirVariable(url: String) {
        let error = #expect(throws: ChatError.self) {
            _ = try ChatProviderFactory.make(ChatConfiguration(model: "gpt-4o", openAIAPIKey: "o", openAIBaseURL: url))
        }
        #expect(error?.detail.contains("OPENAI_BASE_URL") == true)
    }

    @Test func theKeyNeverAppearsInAWarning() throws {
        let selection = try ChatProviderFactory.make(
            ChatConfiguration(
                model: "gemini/gemini-2.5-pro",
                anthropicAPIKey: "sk-ant-secret"))
        #expect(selection.warning?.contains("sk-ant-secret") == false)
    }
}
