internal import Foundation
public import Logging

/// One chat per WebSocket: holds the history and answers questions by letting the model call tools.
///
/// The loop: model → tool calls → run the tools → results back → … → streamed final answer, with at most
/// `maxToolRounds` rounds of tools. A request that fails with 429 or 5xx is retried once after
/// `retryBackoff`, but only while no token of this answer has reached the client, so nothing is ever
/// shown twice. Failures become one `.error` event with a safe message; the history
/// then stays as it was before the question.
public actor Conversation {
    /// Limits and prompts of a conversation.
    public struct Configuration: Sendable {
        /// The system prompt sent to the model.
        public var systemPrompt: String
        /// The most rounds of tool calls per question, > 0; default 5.
        public var maxToolRounds: Int
        /// The most messages kept between questions, > 0; default 20.
        public var historyLimit: Int
        /// The most bytes of history kept between questions (questions, answers, tool calls and
        /// results as sent to the model), > 0; default 64 KiB. Oldest whole turns go first.
        public var historyByteLimit: Int
        /// The most elements of any array in a tool result shown to the model; default 64.
        public var toolArrayLimit: Int
        /// The wait before the one retry of a request that failed with 429 or 5xx; default 1 s.
        public var retryBackoff: Duration

        /// The default system prompt.
        public static let defaultSystemPrompt = """
            You are the assistant of an audio analysis app. The person asks about the audio track they uploaded. \
            Call only the analysis tools the question needs (analyse_rhythm for tempo, beats and feel; \
            analyse_spectral for frequencies, pitch and timbre; analyse_temporal for duration, level over time, \
            dynamics and silence; analyse_loudness for LUFS, mastering level, true peak, clipping and headroom; \
            analyse_tonal for key, mode, chords and tuning), then answer briefly and factually from their results, with units and \
            sensibly rounded numbers. Never invent values the tools did not return.
            """

        /// Makes a configuration.
        /// - Parameters:
        ///   - systemPrompt: instructions for the model; default `defaultSystemPrompt`.
        ///   - maxToolRounds: tool rounds per question, > 0; default 5.
        ///   - historyLimit: messages kept, > 0; default 20.
        ///   - historyByteLimit: bytes of history kept, > 0; default 64 KiB.
        ///   - toolArrayLimit: array elements shown per tool-result array; default 64.
        ///   - retryBackoff: wait before the one retry; default 1 s.
        public init(
            systemPrompt: String = Configuration.defaultSystemPrompt, maxToolRounds: Int = 5,
            historyLimit: Int = 20, historyByteLimit: Int = 64 * 1024, toolArrayLimit: Int = 64,
            retryBackoff: Duration = .seconds(1)
        ) {
            self.systemPrompt = systemPrompt
            self.maxToolRounds = max(1, maxToolRounds)
            self.historyLimit = max(1, historyLimit)
            self.historyByteLimit = max(1, historyByteLimit)
            self.toolArrayLimit = max(0, toolArrayLimit)
            self.retryBackoff = retryBackoff
        }
    }

    /// What the client is told when the model ended without any text.
    static let emptyAnswer = "I could not find an answer to that in the analysis."

    /// The provider answering (a model or the local router).
    public nonisolated let provider: any ChatProvider
    private let configuration: Configuration
    private let logger: Logger
    /// Earlier questions, tool exchanges and answers, oldest first; starts with a user message.
    public private(set) var history: [ChatMessage] = []
    /// `[message]` each history message's `byteCount`, weighed once when it joined.
    private var historyWeights: [Int] = []
    private var answering = false

    /// Makes a conversation with an empty history.
    /// - Parameters:
    ///   - provider: the model, or `LocalRouter`.
    ///   - configuration: limits and prompt; default values.
    ///   - logger: where provider failures are logged (no keys, no bodies beyond a short excerpt).
    public init(
        provider: any ChatProvider, configuration: Configuration = .init(),
        logger: Logger = Logger(label: "chat")
    ) {
        self.provider = provider
        self.configuration = configuration
        self.logger = logger
    }

    /// Answers one question, emitting `toolCall`/`toolResult` per tool, `token`s, then `done` — or `error`.
    /// - Parameters:
    ///   - question: the person's question, non-empty.
    ///   - tools: the tools the model may call.
    ///   - emit: receives the events in order; awaited before the next is produced.
    public func ask(
        _ question: String, tools: [any ChatTool],
        emit: @escaping @Sendable (ChatEvent) async -> Void
    ) async {
        guard !answering else {
            await emit(.error(message: "A question is already being answered"))
            return
        }
        answering = true
        let recorder = TokenRecorder()
        let last: ChatEvent?
        do {
            var exchange = try await answer(question, tools: tools, recorder: recorder, emit: emit)
            if recorder.pieces == 0 { await answerEmpty(&exchange, recorder: recorder, emit: emit) }
            let messages = history + exchange
            let weights = historyWeights + exchange.map(\.byteCount)
            let kept = ConversationHistory.keptCount(
                messages, weights: weights, limit: configuration.historyLimit, maxBytes: configuration.historyByteLimit)
            history = Array(messages.suffix(kept))
            historyWeights = Array(weights.suffix(kept))
            last = .done(fullResponse: recorder.text)
        } catch let error as ChatError {
            // After its retry: the provider is down or refusing us, which someone should look at.
            logger.error("chat provider failed", metadata: ["error": "\(error)", "provider": "\(provider.name)"])
            last = .error(message: error.safeMessage)
        } catch is CancellationError {
            last = nil  // the socket went away: nobody is left to tell
        } catch {
            logger.warning("chat failed", metadata: ["error": "\(type(of: error))"])
            last = .error(message: "The language model failed to answer.")
        }
        // The turn ends before its last event goes out: a client that asks again
        // as soon as it reads `done` must find the conversation free.
        answering = false
        if let last { await emit(last) }
    }

    /// Runs the model/tool loop; returns the messages this question added.
    private func answer(
        _ question: String, tools: [any ChatTool], recorder: TokenRecorder,
        emit: @escaping @Sendable (ChatEvent) async -> Void
    ) async throws -> [ChatMessage] {
        let specs = tools.map(ToolSpec.init)
        var exchange: [ChatMessage] = [.user(question)]
        for round in 0...configuration.maxToolRounds {
            let request = ChatRequest(
                system: configuration.systemPrompt, messages: history + exchange,
                tools: specs, toolsEnabled: round < configuration.maxToolRounds)
            var turn = try await respond(to: request, recorder: recorder, emit: emit)
            // Calls made when none were allowed are dropped, so the history never holds a call without a result.
            if !request.toolsEnabled { turn.toolCalls = [] }
            exchange.append(.assistant(turn))
            if turn.toolCalls.isEmpty { return exchange }
            var results: [ToolResult] = []
            for call in turn.toolCalls {
                await emit(.toolCall(name: call.name))
                let result = await run(call, tools: tools)
                await emit(.toolResult(name: call.name, success: !result.isError))
                results.append(result)
            }
            exchange.append(.toolResults(results))
        }
        return exchange
    }

    /// Gives the client a sentence when the model ended with nothing to say (a length or safety stop),
    /// and keeps that sentence as the answer in the history.
    private func answerEmpty(
        _ exchange: inout [ChatMessage], recorder: TokenRecorder,
        emit: @Sendable (ChatEvent) async -> Void
    ) async {
        recorder.record(Self.emptyAnswer)
        await emit(.token(Self.emptyAnswer))
        if case .assistant(var turn) = exchange.last {
            turn.text = Self.emptyAnswer
            exchange[exchange.count - 1] = .assistant(turn)
        }
    }

    /// One model request, retried once on 429/5xx while the client has seen no token of this answer.
    private func respond(
        to request: ChatRequest, recorder: TokenRecorder,
        emit: @escaping @Sendable (ChatEvent) async -> Void
    ) async throws -> AssistantTurn {
        let onText: @Sendable (String) async -> Void = { piece in
            guard !piece.isEmpty else { return }
            recorder.record(piece)
            await emit(.token(piece))
        }
        do {
            return try await provider.respond(to: request, onText: onText)
        } catch let error as ChatError where error.isRetryable && recorder.pieces == 0 {
            logger.info("retrying chat request", metadata: ["error": "\(error)"])
            try await Task.sleep(for: configuration.retryBackoff)
            return try await provider.respond(to: request, onText: onText)
        }
    }

    /// Runs one tool call; failures become error results the model can read.
    private func run(_ call: ToolCall, tools: [any ChatTool]) async -> ToolResult {
        guard let tool = tools.first(where: { $0.name == call.name }) else {
            return ToolResult(
                callID: call.id, name: call.name,
                content: ["error": .string("Unknown tool: \(call.name)")], isError: true)
        }
        let arguments: JSONValue
        do {
            // Our tools take no arguments; most calls (the local router's all) send none.
            arguments = call.arguments.isEmpty || call.arguments == "{}" ? [:] : try JSONValue(parsing: Data(call.arguments.utf8))
        } catch {
            // Models sometimes send malformed arguments; our tools take only an ignored track id, so run anyway.
            arguments = .object([:])
        }
        do {
            let output = try await tool.run(arguments: arguments).trimmingArrays(to: configuration.toolArrayLimit)
            let failed = output["error"] != nil
            return ToolResult(callID: call.id, name: call.name, content: output, isError: failed)
        } catch let error as ChatToolError {
            return ToolResult(
                callID: call.id, name: call.name, content: ["error": .string(error.message)],
                isError: true)
        } catch {
            return ToolResult(callID: call.id, name: call.name, content: ["error": "The tool failed."], isError: true)
        }
    }
}
