import Foundation
import Testing

@testable import Chat

/// The same conversation — a question, a tool round, a streamed answer, a follow-up — through each provider
/// and its fake server, checking the events the client sees and the requests the provider received.
@Suite struct ProviderConversationTests {
    private static let fast = Conversation.Configuration(retryBackoff: .milliseconds(5))

    private func rhythmTool() -> FixedTool {
        let beats = JSONValue.array((0..<100).map { .number(Double($0) * 0.5) })
        return FixedTool(
            "analyse_rhythm",
            output: .success([
                "tempo_bpm": 120, "beat_count": 100, "beat_times": beats, "time_signature": "4/4",
            ]))
    }

    private func toolCallReply(_ provider: ProviderCase) -> JSONValue {
        [
            "tool_calls": [
                [
                    "id": "call_1", "name": "analyse_rhythm", "arguments": ["track_id": "someone-elses-track"],
                    "split": 4, "signature": "c2lnbmF0dXJl",
                ]
            ]
        ]
    }

    @Test(arguments: ProviderCase.allCases)
    func questionToolRoundAndAnswer(provider: ProviderCase) async throws {
        let server = try await FakeProviderServer.start([
            toolCallReply(provider), ["text": ["The tempo is ", "120 BPM."]], ["text": ["Yes, 4/4."]],
        ])
        defer { server.stop() }
        let conversation = Conversation(provider: try provider.provider(server.baseURL), configuration: Self.fast)
        let tool = rhythmTool()
        let log = EventLog()
        await conversation.ask("What's the tempo?", tools: [tool], emit: log.emit)
        await conversation.ask("Is it in 4/4?", tools: [tool], emit: log.emit)

        #expect(
            await log.events == [
                .toolCall(name: "analyse_rhythm"), .toolResult(name: "analyse_rhythm", success: true),
                .token("The tempo is "), .token("120 BPM."), .done(fullResponse: "The tempo is 120 BPM."),
                .token("Yes, 4/4."), .done(fullResponse: "Yes, 4/4."),
            ])
        #expect(tool.arguments == [["track_id": "someone-elses-track"]])
        let requests = try server.requests()
        try #require(requests.count == 3)
        for request in requests {
            #expect(request["path"]?.stringValue == provider.expectedPath)
            #expect(request.header(provider.authHeader.name) == provider.authHeader.value)
        }
        try checkToolRound(provider, requests[1])
        try checkHistory(provider, requests[2])
    }

    /// The second request carries the call and its result, the result's long array cut to 64 plus a count.
    private func checkToolRound(_ provider: ProviderCase, _ request: JSONValue) throws {
        let body = try #require(request["body"])
        let result: JSONValue
        switch provider {
        case .openai:
            let messages = try #require(body["messages"])
            #expect(messages[0]?["role"] == "system")
            #expect(messages[2]?["tool_calls"]?[0]?["function"]?["name"] == "analyse_rhythm")
            #expect(messages[3]?["role"] == "tool")
            #expect(messages[3]?["tool_call_id"] == "call_1")
            result = try JSONValue(parsing: Data(try #require(messages[3]?["content"]?.stringValue).utf8))
            #expect(body["tools"]?[0]?["function"]?["parameters"]?["type"] == "object")
            #expect(body["tool_choice"] == "auto")
            #expect(body["stream"] == true)
        case .anthropic:
            #expect(request.header("anthropic-version") == "2023-06-01")
            let messages = try #require(body["messages"])
            #expect(body["system"]?.stringValue?.isEmpty == false)
            #expect(messages[1]?["content"]?[0]?["type"] == "tool_use")
            #expect(messages[1]?["content"]?[0]?["input"] == ["track_id": "someone-elses-track"])
            let block = try #require(messages[2]?["content"]?[0])
            #expect(block["type"] == "tool_result")
            #expect(block["tool_use_id"] == "call_1")
            result = try JSONValue(parsing: Data(try #require(block["content"]?.stringValue).utf8))
            #expect(body["tools"]?[0]?["input_schema"]?["type"] == "object")
            #expect(body["tool_choice"] == ["type": "auto"])
            #expect(body["max_tokens"] == 1024)
        case .gemini:
            let contents = try #require(body["contents"])
            #expect(body["systemInstruction"]?["parts"]?[0]?["text"]?.stringValue?.isEmpty == false)
            #expect(contents[1]?["role"] == "model")
            #expect(contents[1]?["parts"]?[0]?["functionCall"]?["name"] == "analyse_rhythm")
            #expect(contents[1]?["parts"]?[0]?["thoughtSignature"] == "c2lnbmF0dXJl")
            let part = try #require(contents[2]?["parts"]?[0]?["functionResponse"])
            #expect(contents[2]?["role"] == "user")
            #expect(part["name"] == "analyse_rhythm")
            result = try #require(part["response"])
            #expect(body["tools"]?[0]?["functionDeclarations"]?[0]?["parametersJsonSchema"]?["type"] == "object")
            #expect(body["toolConfig"]?["functionCallingConfig"]?["mode"] == "AUTO")
        }
        #expect(result["beat_times"]?.arrayValue?.count == 64)
        #expect(result["beat_times_total"] == 100)
        #expect(result["tempo_bpm"] == 120)
    }

    /// The follow-up carries the first question's whole exchange, then the new question.
    private func checkHistory(_ provider: ProviderCase, _ request: JSONValue) throws {
        let body = try #require(request["body"])
        let list = try #require(body[provider == .gemini ? "contents" : "messages"]?.arrayValue)
        let offset = provider == .openai ? 1 : 0  // OpenAI's system prompt is the first message.
        #expect(list.count == offset + 5)
        let last = try #require(list.last)
        let text =
            provider == .openai
            ? last["content"]
            : provider == .anthropic
                ? last["content"]?[0]?["text"] : last["parts"]?[0]?["text"]
        #expect(text == "Is it in 4/4?")
    }

    @Test(arguments: ProviderCase.allCases)
    func rateLimitIsRetriedOnceThenAnswered(provider: ProviderCase) async throws {
        let server = try await FakeProviderServer.start([["status": 429, "error": "slow down"], ["text": ["ok"]]])
        defer { server.stop() }
        let log = EventLog()
        await Conversation(provider: try provider.provider(server.baseURL), configuration: Self.fast)
            .ask("Hi", tools: [], emit: log.emit)
        #expect(await log.events == [.token("ok"), .done(fullResponse: "ok")])
        #expect(try server.requests().count == 2)
    }

    @Test(arguments: ProviderCase.allCases)
    func rejectedKeyBecomesASafeErrorEvent(provider: ProviderCase) async throws {
        let server = try await FakeProviderServer.start([["status": 401, "error": .string("invalid key \(provider.key)")]])
        defer { server.stop() }
        let log = EventLog()
        await Conversation(provider: try provider.provider(server.baseURL), configuration: Self.fast)
            .ask("Hi", tools: [], emit: log.emit)
        let events = await log.events
        #expect(events == [.error(message: "The language model rejected the server's credentials.")])
        #expect(try server.requests().count == 1)
    }
}
