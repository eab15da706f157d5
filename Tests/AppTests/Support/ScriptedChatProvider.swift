import Chat
import Foundation
import Synchronization

/// A chat provider whose replies a test writes as a closure; it records every request it gets.
final class ScriptedChatProvider: ChatProvider {
    let name = "scripted"
    let model = "scripted"
    private let reply: @Sendable (ChatRequest) async throws -> AssistantTurn
    private let recorded = Mutex<[ChatRequest]>([])

    /// Requests received so far, oldest first.
    var requests: [ChatRequest] { recorded.withLock { $0 } }

    init(reply: @escaping @Sendable (ChatRequest) async throws -> AssistantTurn) {
        self.reply = reply
    }

    func respond(to request: ChatRequest, onText: @escaping @Sendable (String) async -> Void) async throws -> AssistantTurn {
        recorded.withLock { $0.append(request) }
        let turn = try await reply(request)
        if !turn.text.isEmpty { await onText(turn.text) }
        return turn
    }

    /// Calls `tool` with `arguments` after a question, and answers "ok" after tool results.
    static func calling(_ tool: String, arguments: String = "{}") -> ScriptedChatProvider {
        ScriptedChatProvider { request in
            if case .user = request.messages.last {
                return AssistantTurn(toolCalls: [ToolCall(id: "call_\(request.messages.count)", name: tool, arguments: arguments)])
            }
            return AssistantTurn(text: "ok")
        }
    }
}

/// A latch a test opens to let a waiting provider answer.
final class Latch: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
