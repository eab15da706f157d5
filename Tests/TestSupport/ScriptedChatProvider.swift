package import Chat
import Synchronization

/// A chat provider that plays a test's script and records every request it gets: the stand-in
/// for a model wherever a test needs to decide what the model says (the conversation loop, the
/// chat socket, the MCP endpoint).
package final class ScriptedChatProvider: ChatProvider {
    /// One reply: pieces of text to stream, then tool calls, or a failure after the pieces.
    package struct Step: Sendable {
        package var pieces: [String]
        package var calls: [ToolCall]
        package var failure: ChatError?

        package init(pieces: [String] = [], calls: [ToolCall] = [], failure: ChatError? = nil) {
            self.pieces = pieces
            self.calls = calls
            self.failure = failure
        }
    }

    package let name = "scripted"
    package let model = "scripted"
    private let script: @Sendable (ChatRequest) async throws -> Step
    private let recorded = Mutex<[ChatRequest]>([])

    /// Answers each request with the step `script` makes of it.
    package init(script: @escaping @Sendable (ChatRequest) async throws -> Step) {
        self.script = script
    }

    /// Plays `steps` in order, then `fallback` for every later request.
    package convenience init(_ steps: [Step], fallback: Step = Step(pieces: ["fine"])) {
        let remaining = Mutex(steps)
        self.init { _ in remaining.withLock { $0.isEmpty ? fallback : $0.removeFirst() } }
    }

    /// Answers each request with the turn `reply` makes of it, its text streamed in one piece.
    package convenience init(reply: @escaping @Sendable (ChatRequest) async throws -> AssistantTurn) {
        self.init { request in
            let turn = try await reply(request)
            return Step(pieces: turn.text.isEmpty ? [] : [turn.text], calls: turn.toolCalls)
        }
    }

    /// Requests received so far, oldest first.
    package var requests: [ChatRequest] { recorded.withLock { $0 } }

    package func respond(
        to request: ChatRequest, onText: @escaping @Sendable (String) async -> Void
    ) async throws -> AssistantTurn {
        recorded.withLock { $0.append(request) }
        let step = try await script(request)
        for piece in step.pieces { await onText(piece) }
        if let failure = step.failure { throw failure }
        return AssistantTurn(text: step.pieces.joined(), toolCalls: step.calls)
    }

    /// Calls `tool` with `arguments` after a question, and answers "ok" after tool results.
    package static func calling(_ tool: String, arguments: String = "{}") -> ScriptedChatProvider {
        ScriptedChatProvider { request in
            if case .user = request.messages.last {
                return Step(calls: [ToolCall(id: "call_\(request.messages.count)", name: tool, arguments: arguments)])
            }
            return Step(pieces: ["ok"])
        }
    }
}
