internal import Foundation

/// Decodes a Chat Completions stream: `data:` chunks with text deltas and tool-call deltas keyed by
/// index, ended by `data: [DONE]`.
struct OpenAIStreamDecoder: ProviderStreamDecoder {
    /// One JSON decoder for the whole stream: making one per event costs more than decoding the event.
    private let json = JSONDecoder()
    private struct PartialCall {
        var id = ""
        var name = ""
        var arguments = ""
    }

    private var text = ""
    private var calls: [Int: PartialCall] = [:]
    private var finished = false
    private var done = false

    mutating func consume(_ event: SSEEvent) throws -> [String] {
        if event.data == "[DONE]" {
            done = true
            return []
        }
        let chunk: OpenAIWire.Chunk
        do {
            chunk = try json.decode(OpenAIWire.Chunk.self, from: Data(event.data.utf8))
        } catch {
            throw ChatError(.badResponse, provider: "openai", detail: "unreadable chunk")
        }
        if let error = chunk.error {
            throw ChatError(.badResponse, provider: "openai", detail: error.message ?? error.type ?? "error")
        }
        var pieces: [String] = []
        for choice in chunk.choices ?? [] {
            if let content = choice.delta?.content, !content.isEmpty {
                text += content
                pieces.append(content)
            }
            for delta in choice.delta?.toolCalls ?? [] { merge(delta) }
            if choice.finishReason != nil { finished = true }
        }
        return pieces
    }

    private mutating func merge(_ delta: OpenAIWire.ToolCallDelta) {
        var call = calls[delta.index] ?? PartialCall()
        if let id = delta.id, !id.isEmpty { call.id = id }
        if let name = delta.function?.name, !name.isEmpty { call.name = name }
        call.arguments += delta.function?.arguments ?? ""
        calls[delta.index] = call
    }

    func finish() throws -> AssistantTurn {
        // Some OpenAI-compatible servers omit [DONE]; a finish_reason also proves the reply is complete.
        guard done || finished else { throw ChatError(.truncated, provider: "openai") }
        let toolCalls = calls.keys.sorted().compactMap { index -> ToolCall? in
            guard let call = calls[index], !call.name.isEmpty else { return nil }
            let id = call.id.isEmpty ? "call_\(index)" : call.id
            return ToolCall(id: id, name: call.name, arguments: call.arguments.isEmpty ? "{}" : call.arguments)
        }
        return AssistantTurn(text: text, toolCalls: toolCalls)
    }
}
