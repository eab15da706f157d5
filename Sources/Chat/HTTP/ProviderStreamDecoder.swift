/// Turns one provider's stream of server-sent events into text pieces and, at the end, the whole reply.
///
/// Each provider has one (`OpenAIStreamDecoder`, `AnthropicStreamDecoder`, `GeminiStreamDecoder`); they are
/// pure state machines, tested with recorded transcripts and no socket.
protocol ProviderStreamDecoder {
    /// Handles one event.
    /// - Returns: the text pieces it carried, to stream to the client now.
    /// - Throws: `ChatError` for an error event or a payload that is not the documented format.
    mutating func consume(_ event: SSEEvent) throws -> [String]

    /// The whole reply, once the body has ended.
    /// - Throws: `ChatError.truncated` when the provider's end-of-message marker never came.
    func finish() throws -> AssistantTurn
}
