import TestSupport
import Testing

@testable import Chat

@Suite struct ConversationTests {
    private static let fast = Conversation.Configuration(retryBackoff: .milliseconds(1))

    private func rhythmTool() throws -> FixedTool {
        FixedTool("analyse_rhythm", output: .success(try #require(try Fixtures.reference("click_120bpm.wav")["rhythm"])))
    }

    private func call(_ name: String, _ id: String = "c1") -> ToolCall {
        ToolCall(id: id, name: name, arguments: #"{"track_id":"x"}"#)
    }

    @Test func localRouterAnswersWithTheWebSocketEventSequence() async throws {
        let conversation = Conversation(provider: LocalRouter())
        let log = EventLog()
        await conversation.ask("What's the tempo?", tools: [try rhythmTool()], emit: log.emit)
        let events = await log.events
        #expect(events.prefix(2) == [.toolCall(name: "analyse_rhythm"), .toolResult(name: "analyse_rhythm", success: true)])
        let tokens = events.dropFirst(2).dropLast().compactMap { if case .token(let t) = $0 { t } else { nil } }
        #expect(tokens.count == events.count - 3 && tokens.count >= 2)
        #expect(events.last == .done(fullResponse: tokens.joined()))
        #expect(tokens.joined().contains("117 BPM"))
    }

    @Test func historyIsSentWithTheNextQuestion() async throws {
        let provider = ScriptedChatProvider([
            .init(calls: [call("analyse_rhythm")]), .init(pieces: ["About ", "117 BPM."]), .init(pieces: ["Yes."]),
        ])
        let conversation = Conversation(provider: provider, configuration: Self.fast)
        let log = EventLog()
        await conversation.ask("Tempo?", tools: [try rhythmTool()], emit: log.emit)
        await conversation.ask("Sure?", tools: [try rhythmTool()], emit: log.emit)
        let last = try #require(provider.requests.last)
        #expect(last.messages.count == 5)
        #expect(last.messages.first == .user("Tempo?"))
        #expect(last.messages.last == .user("Sure?"))
        #expect(await conversation.history.count == 6)
    }

    /// A client may ask again the moment `done` reaches it: the turn is over before
    /// `done` is emitted, so a question asked from inside that emit is answered.
    @Test func theTurnEndsBeforeItsLastEvent() async throws {
        let conversation = Conversation(
            provider: ScriptedChatProvider([.init(pieces: ["One."]), .init(pieces: ["Two."])]),
            configuration: Self.fast)
        let log = EventLog()
        await conversation.ask("First?", tools: []) { event in
            await log.emit(event)
            if case .done = event { await conversation.ask("Second?", tools: [], emit: log.emit) }
        }
        #expect(await log.events == [.token("One."), .done(fullResponse: "One."), .token("Two."), .done(fullResponse: "Two.")])
        #expect(await conversation.history.count == 4)
    }

    @Test func toolRoundsStopAtFiveAndTheLastRequestForbidsCalls() async throws {
        let loop = ScriptedChatProvider.Step(calls: [call("analyse_rhythm")])
        let provider = ScriptedChatProvider(Array(repeating: loop, count: 6), fallback: loop)
        let tool = try rhythmTool()
        let log = EventLog()
        await Conversation(provider: provider, configuration: Self.fast).ask("Tempo?", tools: [tool], emit: log.emit)
        #expect(tool.arguments.count == 5)
        #expect(provider.requests.count == 6)
        #expect(provider.requests.map(\.toolsEnabled) == [true, true, true, true, true, false])
        #expect(
            await log.events.suffix(2) == [
                .token(Conversation.emptyAnswer), .done(fullResponse: Conversation.emptyAnswer),
            ])
    }

    @Test func aServerErrorBeforeAnyTokenIsRetriedOnce() async throws {
        let provider = ScriptedChatProvider([
            .init(failure: ChatError(.httpStatus(503), provider: "x")), .init(pieces: ["Hello"]),
        ])
        let log = EventLog()
        await Conversation(provider: provider, configuration: Self.fast).ask("Hi", tools: [], emit: log.emit)
        #expect(await log.events == [.token("Hello"), .done(fullResponse: "Hello")])
        #expect(provider.requests.count == 2)
    }

    @Test func aSecondFailureIsReportedWithASafeMessage() async throws {
        let failure = ChatError(.httpStatus(429), provider: "x", detail: "{\"error\":\"quota for key sk-secret\"}")
        let provider = ScriptedChatProvider([.init(failure: failure), .init(failure: failure)])
        let log = EventLog()
        let conversation = Conversation(provider: provider, configuration: Self.fast)
        await conversation.ask("Hi", tools: [], emit: log.emit)
        let events = await log.events
        #expect(events == [.error(message: failure.safeMessage)])
        #expect(!failure.safeMessage.contains("sk-secret"))
        #expect(provider.requests.count == 2)
        #expect(await conversation.history.isEmpty)
    }

    @Test func noRetryOnceTokensWereSent() async throws {
        let provider = ScriptedChatProvider([.init(pieces: ["The"], failure: ChatError(.httpStatus(500), provider: "x"))])
        let log = EventLog()
        await Conversation(provider: provider, configuration: Self.fast).ask("Hi", tools: [], emit: log.emit)
        #expect(await log.events == [.token("The"), .error(message: ChatError(.httpStatus(500), provider: "x").safeMessage)])
        #expect(provider.requests.count == 1)
    }

    @Test func noRetryInALaterRoundOnceTokensWereSent() async throws {
        let provider = ScriptedChatProvider([
            .init(pieces: ["Let me check. "], calls: [call("analyse_rhythm")]),
            .init(failure: ChatError(.httpStatus(503), provider: "x")),
        ])
        let log = EventLog()
        await Conversation(provider: provider, configuration: Self.fast)
            .ask("Tempo?", tools: [try rhythmTool()], emit: log.emit)
        #expect(provider.requests.count == 2)
        #expect(await log.events.last == .error(message: ChatError(.httpStatus(503), provider: "x").safeMessage))
    }

    @Test func noRetryOnAClientError() async throws {
        let provider = ScriptedChatProvider([.init(failure: ChatError(.httpStatus(400), provider: "x"))])
        let log = EventLog()
        await Conversation(provider: provider, configuration: Self.fast).ask("Hi", tools: [], emit: log.emit)
        #expect(provider.requests.count == 1)
        #expect(await log.events.count == 1)
    }

    @Test func failingAndUnknownToolsAreReportedToTheModel() async throws {
        let broken = FixedTool("analyse_spectral", output: .failure(ChatToolError("Analysis failed: too short")))
        let provider = ScriptedChatProvider([
            .init(calls: [call("analyse_spectral", "a"), call("analyse_everything", "b")]), .init(pieces: ["Sorry."]),
        ])
        let log = EventLog()
        await Conversation(provider: provider, configuration: Self.fast).ask("Hi", tools: [broken], emit: log.emit)
        #expect(
            await log.events.prefix(4) == [
                .toolCall(name: "analyse_spectral"), .toolResult(name: "analyse_spectral", success: false),
                .toolCall(name: "analyse_everything"), .toolResult(name: "analyse_everything", success: false),
            ])
        guard case .toolResults(let results) = provider.requests.last?.messages.last else {
            Issue.record("no tool results sent back")
            return
        }
        #expect(results.map(\.callID) == ["a", "b"])
        #expect(results[0].content == ["error": "Analysis failed: too short"])
        #expect(results.allSatisfy { $0.isError })
    }

    @Test func longArraysAreCutTo64WithACount() async throws {
        let times = JSONValue.array((0..<300).map { .number(Double($0) / 2) })
        let tool = FixedTool("analyse_rhythm", output: .success(["beat_times": times, "beat_count": 300]))
        let provider = ScriptedChatProvider([.init(calls: [call("analyse_rhythm")]), .init(pieces: ["ok"])])
        await Conversation(provider: provider, configuration: Self.fast).ask("Beats?", tools: [tool], emit: { _ in })
        guard case .toolResults(let results) = provider.requests.last?.messages.last else {
            Issue.record("no tool results sent back")
            return
        }
        #expect(results[0].content["beat_times"]?.arrayValue?.count == 64)
        #expect(results[0].content["beat_times_total"] == 300)
        #expect(results[0].content["beat_count"] == 300)
    }

    @Test func historyKeepsTheLastTwentyMessagesStartingAtAQuestion() async throws {
        let provider = ScriptedChatProvider([], fallback: .init(pieces: ["ok"]))
        let conversation = Conversation(provider: provider, configuration: Self.fast)
        for index in 0..<15 { await conversation.ask("q\(index)", tools: [], emit: { _ in }) }
        let history = await conversation.history
        #expect(history.count == 20)
        #expect(history.first == .user("q5"))
    }

    @Test func trimmingNeverSeparatesACallFromItsResult() {
        let exchange: [ChatMessage] = [
            .user("q"), .assistant(AssistantTurn(toolCalls: [call("t")])),
            .toolResults([ToolResult(callID: "c1", name: "t", content: [:])]), .assistant(AssistantTurn(text: "a")),
        ]
        let history = Array(repeating: exchange, count: 6).flatMap { $0 }
        for limit in 1...24 {
            let kept = ConversationHistory.trimmed(history, limit: limit)
            #expect(kept.count <= limit)
            #expect(kept.isEmpty || kept.first == .user("q"))
        }
    }

    /// The byte cap drops whole turns, oldest first: what is kept fits, starts at a question, and every
    /// tool call keeps its result.
    @Test func byteCapDropsWholeTurnsOldestFirst() {
        func turn(_ index: Int, resultBytes: Int) -> [ChatMessage] {
            [
                .user("q\(index)"), .assistant(AssistantTurn(toolCalls: [call("t", "c\(index)")])),
                .toolResults([ToolResult(callID: "c\(index)", name: "t", content: ["data": .string(String(repeating: "x", count: resultBytes))])]),
                .assistant(AssistantTurn(text: "a\(index)")),
            ]
        }
        let history = (0..<10).flatMap { turn($0, resultBytes: 1_000) }
        let turnBytes = turn(0, resultBytes: 1_000).reduce(0) { $0 + $1.byteCount }
        for maxBytes in [0, 1, turnBytes - 1, turnBytes, 3 * turnBytes + 5, 100 * turnBytes] {
            let kept = ConversationHistory.trimmed(history, limit: 1_000, maxBytes: maxBytes)
            #expect(kept.reduce(0) { $0 + $1.byteCount } <= maxBytes)
            #expect(kept.count % 4 == 0, "whole turns only")
            #expect(kept == Array(history.suffix(kept.count)), "the newest turns are the ones kept")
            #expect(kept.count / 4 == min(10, maxBytes / turnBytes))
        }
    }

    /// Large tool results cannot grow a socket's history past the default 64 KiB.
    @Test func historyStaysUnderItsByteLimit() async throws {
        let big = FixedTool("analyse_rhythm", output: .success(["beats": .string(String(repeating: "1", count: 20_000))]))
        let steps = (0..<8).flatMap { _ in [ScriptedChatProvider.Step(calls: [call("analyse_rhythm")]), .init(pieces: ["ok"])] }
        let conversation = Conversation(provider: ScriptedChatProvider(steps, fallback: .init(pieces: ["ok"])), configuration: Self.fast)
        for index in 0..<8 { await conversation.ask("q\(index)", tools: [big], emit: { _ in }) }
        let history = await conversation.history
        #expect(history.reduce(0) { $0 + $1.byteCount } <= 64 * 1024)
        #expect(history.first == .user("q5") && history.count == 12)
    }

    @Test func aSecondQuestionWhileAnsweringIsRefused() async throws {
        let gate = Gate()
        let slow = FixedTool("analyse_rhythm", output: .success([:]))
        let provider = ScriptedChatProvider([.init(calls: [call("analyse_rhythm")]), .init(pieces: ["done"])])
        let conversation = Conversation(provider: provider, configuration: Self.fast)
        let log = EventLog()
        async let first: Void = conversation.ask("one", tools: [slow]) { event in
            if event == .toolCall(name: "analyse_rhythm") { await gate.wait() }
        }
        await gate.waitUntilWaiting()
        await conversation.ask("two", tools: [], emit: log.emit)
        await gate.open()
        await first
        #expect(await log.events == [.error(message: "A question is already being answered")])
    }
}

/// A one-shot gate: `wait` blocks until `open`; `waitUntilWaiting` returns once someone waits.
actor Gate {
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var watchers: [CheckedContinuation<Void, Never>] = []
    private var isOpen = false

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { continuation in
            waiters.append(continuation)
            for watcher in watchers { watcher.resume() }
            watchers = []
        }
    }

    func waitUntilWaiting() async {
        if !waiters.isEmpty { return }
        await withCheckedContinuation { watchers.append($0) }
    }

    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }
}
