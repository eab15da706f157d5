import Synchronization

@testable import Chat

/// A provider that plays back scripted replies and records the requests it got.
final class ScriptedProvider: ChatProvider {
    /// One scripted reply: pieces of text to stream, then tool calls, or a failure after the pieces.
    struct Step: Sendable {
        var pieces: [String] = []
        var calls: [ToolCall] = []
        var failure: ChatError?
    }

    let name = "scripted"
    let model = "scripted"
    private let state: Mutex<(steps: [Step], requests: [ChatRequest])>
    private let fallback: Step

    /// Plays `steps` in order, then `fallback` for every later request.
    init(_ steps: [Step], fallback: Step = Step(pieces: ["fine"])) {
        state = Mutex((steps, []))
        self.fallback = fallback
    }

    var requests: [ChatRequest] { state.withLock { $0.requests } }

    func respond(
        to request: ChatRequest, onText: @escaping @Sendable (String) async -> Void
    ) async throws
        -> AssistantTurn
    {
        let step = state.withLock { state -> Step in
            state.requests.append(request)
            return state.steps.isEmpty ? fallback : state.steps.removeFirst()
        }
        for piece in step.pieces { await onText(piece) }
        if let failure = step.failure { throw failure }
        return AssistantTurn(text: step.pieces.joined(), toolCalls: step.calls)
    }
}

/// A tool returning a fixed value (or throwing), counting its runs.
final class FixedTool: ChatTool {
    let name: String
    let description = "test tool"
    let parameters: JSONValue = ["type": "object", "properties": ["track_id": ["type": "string"]]]
    private let output: Result<JSONValue, ChatToolError>
    private let runs = Mutex<[JSONValue]>([])

    init(_ name: String, output: Result<JSONValue, ChatToolError>) {
        self.name = name
        self.output = output
    }

    var arguments: [JSONValue] { runs.withLock { $0 } }

    func run(arguments: JSONValue) async throws -> JSONValue {
        runs.withLock { $0.append(arguments) }
        return try output.get()
    }
}

/// Collects emitted events across tasks.
actor EventLog {
    private(set) var events: [ChatEvent] = []
    func append(_ event: ChatEvent) { events.append(event) }

    /// An `emit` closure feeding this log.
    nonisolated var emit: @Sendable (ChatEvent) async -> Void { { await self.append($0) } }
}
