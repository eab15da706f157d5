internal import Foundation

/// Decodes a Messages stream: `message_start`, then per content block `content_block_start`,
/// `content_block_delta`s (`text_delta`, `input_json_delta`) and `content_block_stop`, then
/// `message_delta` and `message_stop`; `ping` anywhere; `error` events for failures mid-stream.
struct AnthropicStreamDecoder: ProviderStreamDecoder {
    /// One JSON decoder for the whole stream: making one per event costs more than decoding the event.
    private let json = JSONDecoder()
    private struct PartialCall {
        let id: String
        let name: String
        var json = ""
    }

    private var text = ""
    private var calls: [Int: PartialCall] = [:]
    private var stopped = false

    mutating func consume(_ event: SSEEvent) throws -> [String] {
        let payload: AnthropicWire.Event
        do {
            payload = try json.decode(AnthropicWire.Event.self, from: Data(event.data.utf8))
        } catch {
            throw ChatError(.badResponse, provider: "anthropic", detail: "unreadable \(event.type) event")
        }
        switch payload.type {
        case "content_block_start":
            return start(payload)
        case "content_block_delta":
            return delta(payload)
        case "message_stop":
            stopped = true
        case "error":
            throw Self.streamError(payload.error)
        default:
            // message_start, message_delta, content_block_stop, ping, and event types added later.
            break
        }
        return []
    }

    private mutating func start(_ payload: AnthropicWire.Event) -> [String] {
        guard let index = payload.index, let block = payload.contentBlock else { return [] }
        if block.type == "tool_use", let id = block.id, let name = block.name {
            calls[index] = PartialCall(id: id, name: name)
        } else if block.type == "text", let initial = block.text, !initial.isEmpty {
            text += initial
            return [initial]
        }
        return []
    }

    private mutating func delta(_ payload: AnthropicWire.Event) -> [String] {
        guard let index = payload.index, let delta = payload.delta else { return [] }
        switch delta.type {
        case "text_delta":
            guard let piece = delta.text, !piece.isEmpty else { return [] }
            text += piece
            return [piece]
        case "input_json_delta":
            calls[index]?.json += delta.partialJSON ?? ""
        default:
            // thinking_delta, signature_delta, citations_delta: not shown to the person.
            break
        }
        return []
    }

    /// Maps an in-stream error to the status the same failure would have had before streaming began,
    /// so overload and rate limits stay retryable.
    private static func streamError(_ error: AnthropicWire.APIError?) -> ChatError {
        let detail = error?.message ?? error?.type ?? "error event"
        switch error?.type {
        case "overloaded_error": return ChatError(.httpStatus(529), provider: "anthropic", detail: detail)
        case "rate_limit_error": return ChatError(.httpStatus(429), provider: "anthropic", detail: detail)
        case "api_error": return ChatError(.httpStatus(500), provider: "anthropic", detail: detail)
        default: return ChatError(.badResponse, provider: "anthropic", detail: detail)
        }
    }

    func finish() throws -> AssistantTurn {
        guard stopped else { throw ChatError(.truncated, provider: "anthropic") }
        let toolCalls = calls.keys.sorted().compactMap { index in
            calls[index].map { ToolCall(id: $0.id, name: $0.name, arguments: $0.json.isEmpty ? "{}" : $0.json) }
        }
        return AssistantTurn(text: text, toolCalls: toolCalls)
    }
}
