internal import Foundation

/// Decodes a `streamGenerateContent?alt=sse` stream: each `data:` event is a whole GenerateContentResponse;
/// function calls arrive whole (never split), possibly several per chunk; the last chunk has a
/// `finishReason`. There is no end marker beyond that, so a stream without a finish reason was cut.
struct GeminiStreamDecoder: ProviderStreamDecoder {
    /// One JSON decoder for the whole stream: making one per event costs more than decoding the event.
    private let json = JSONDecoder()
    /// Prefix of the ids we make for calls Gemini sent without one; such ids are not sent back.
    static let generatedIDPrefix = "gemini_call_"

    private var text = ""
    private var calls: [ToolCall] = []
    private var finished = false

    mutating func consume(_ event: SSEEvent) throws -> [String] {
        let response: GeminiWire.Response
        do {
            response = try json.decode(GeminiWire.Response.self, from: Data(event.data.utf8))
        } catch {
            throw ChatError(.badResponse, provider: "gemini", detail: "unreadable chunk")
        }
        if let error = response.error {
            let detail = error.message ?? error.status ?? "error"
            throw ChatError(error.code.map { .httpStatus($0) } ?? .badResponse, provider: "gemini", detail: detail)
        }
        if let reason = response.promptFeedback?.blockReason {
            throw ChatError(.badResponse, provider: "gemini", detail: "prompt blocked: \(reason)")
        }
        var pieces: [String] = []
        for candidate in response.candidates?.prefix(1) ?? [] {
            for part in candidate.content?.parts ?? [] {
                if let call = part.functionCall {
                    calls.append(toolCall(call, signature: part.thoughtSignature))
                } else if let piece = part.text, part.thought != true, !piece.isEmpty {
                    text += piece
                    pieces.append(piece)
                }
            }
            if candidate.finishReason != nil { finished = true }
        }
        return pieces
    }

    private func toolCall(_ call: GeminiWire.FunctionCall, signature: String?) -> ToolCall {
        let arguments = call.args ?? .object([:])
        let id = call.id ?? "\(Self.generatedIDPrefix)\(calls.count)"
        return ToolCall(id: id, name: call.name, arguments: arguments.jsonText, signature: signature)
    }

    func finish() throws -> AssistantTurn {
        guard finished else { throw ChatError(.truncated, provider: "gemini") }
        return AssistantTurn(text: text, toolCalls: calls)
    }
}
