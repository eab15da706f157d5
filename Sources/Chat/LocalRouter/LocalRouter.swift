/// The model used when no LLM is configured (`LLM_MODEL=local`, or a provider without a key).
///
/// It behaves like a model with tools, so the conversation loop and the WebSocket events are the same:
/// asked a question, it calls the analysis tools `ToolSelector` picks; given their results, it streams a
/// short answer written by `AnswerWriter` in a few pieces.
public struct LocalRouter: ChatProvider {
    /// `local`.
    public let name = "local"
    /// `local`.
    public let model = "local"
    private let selector = ToolSelector()
    private let writer = AnswerWriter()
    /// The answer is streamed in pieces of this many words, so clients see tokens as with a real model.
    private let wordsPerPiece: Int

    /// Makes the router.
    /// - Parameter wordsPerPiece: words per streamed token piece, > 0; default 6.
    public init(wordsPerPiece: Int = 6) {
        self.wordsPerPiece = max(1, wordsPerPiece)
    }

    /// Calls tools for a question, or answers from tool results.
    /// - Parameters:
    ///   - request: the history; its last message decides what happens.
    ///   - onText: receives the answer in pieces.
    /// - Returns: tool calls (after a question) or the answer text (after tool results).
    public func respond(
        to request: ChatRequest, onText: @escaping @Sendable (String) async -> Void
    ) async throws -> AssistantTurn {
        switch request.messages.last {
        case .user(let question):
            let wanted = selector.select(for: question)
            guard !wanted.isEmpty else { return try await stream(Self.guidance, onText) }
            let calls = toolCalls(for: wanted, offered: request.tools, turn: request.messages.count)
            if !calls.isEmpty, request.toolsEnabled { return AssistantTurn(toolCalls: calls) }
            return try await stream("I have no analysis tools for this track, so I cannot answer that.", onText)
        case .toolResults(let results):
            return try await stream(writer.answer(outcomes(results)), onText)
        case .assistant, nil:
            return try await stream(
                "Ask me about the tempo, the key, the loudness, the frequencies or the dynamics of this track.", onText)
        }
    }

    /// The answer to a question the router cannot place: what it can answer, with examples.
    static let guidance = """
        I'm not sure what you'd like to know about this track. I can tell you about its tempo and beats, its key \
        and tuning, how loud it is and its peaks, its frequencies and timbre, or its length and dynamics. Try \
        "What's the tempo?", "What key is it in?" or "How loud is it?".
        """

    /// The tool calls for the analyses `wanted`, in the order spectral, temporal, rhythm, loudness, tonal.
    /// - Parameters:
    ///   - wanted: the analyses the question needs.
    ///   - offered: the tools available.
    ///   - turn: a number making call ids unique within the conversation.
    func toolCalls(for wanted: Set<AnalysisKind>, offered: [ToolSpec], turn: Int) -> [ToolCall] {
        offered
            .compactMap { spec in AnalysisKind(toolName: spec.name).map { (kind: $0, spec: spec) } }
            .filter { wanted.contains($0.kind) }
            .sorted { $0.kind < $1.kind }
            .map { ToolCall(id: "local_\(turn)_\($0.kind.rawValue)", name: $0.spec.name) }
    }

    private func outcomes(_ results: [ToolResult]) -> [AnalysisKind: AnswerWriter.Outcome] {
        var outcomes: [AnalysisKind: AnswerWriter.Outcome] = [:]
        for result in results {
            guard let kind = AnalysisKind(toolName: result.name) else { continue }
            if let message = result.content["error"]?.stringValue {
                outcomes[kind] = .failed(message)
            } else if result.isError {
                outcomes[kind] = .failed("the tool failed.")
            } else {
                outcomes[kind] = .analysis(result.content)
            }
        }
        return outcomes
    }

    private func stream(_ text: String, _ onText: @Sendable (String) async -> Void) async throws -> AssistantTurn {
        for piece in pieces(of: text) {
            try Task.checkCancellation()
            await onText(piece)
        }
        return AssistantTurn(text: text)
    }

    /// Cuts text into pieces of `wordsPerPiece` words whose concatenation is exactly `text`.
    func pieces(of text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var words = 0
        for character in text {
            if character == " " && !current.hasSuffix(" ") {
                words += 1
                if words == wordsPerPiece {
                    pieces.append(current)
                    current = ""
                    words = 0
                }
            }
            current.append(character)
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}
