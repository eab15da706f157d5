/// The rule for how much history a conversation keeps.
enum ConversationHistory {
    /// The last `limit` messages, shortened further until the first is a user message, so a tool call is
    /// never kept without its result, nor a result without its call, and every provider accepts the start.
    /// Then whole turns (a question and everything up to the next one) are dropped, oldest first,
    /// until the rest weighs at most `maxBytes`; a turn is never split.
    /// - Parameters:
    ///   - messages: the whole history, oldest first.
    ///   - limit: the most messages kept, > 0.
    ///   - maxBytes: the most bytes kept, as `ChatMessage.byteCount` weighs them; default unbounded.
    /// - Returns: a suffix of `messages` that is empty or starts with `.user`.
    static func trimmed(_ messages: [ChatMessage], limit: Int, maxBytes: Int = .max) -> [ChatMessage] {
        var kept = messages.suffix(max(0, limit))
        while let first = kept.first, !first.isUser { kept = kept.dropFirst() }
        var bytes = kept.reduce(0) { $0 + $1.byteCount }
        while bytes > maxBytes, let first = kept.first {
            // Drop the oldest turn whole: its question and every message until the next question.
            bytes -= first.byteCount
            kept = kept.dropFirst()
            while let next = kept.first, !next.isUser {
                bytes -= next.byteCount
                kept = kept.dropFirst()
            }
        }
        return Array(kept)
    }
}

extension ChatMessage {
    /// Whether this is a question from the person.
    var isUser: Bool {
        if case .user = self { return true }
        return false
    }

    /// What this message costs to keep, in bytes: its text, tool names, ids and arguments, and
    /// tool results as the JSON the model is sent. A close measure of what providers are sent,
    /// not of Swift's own overhead.
    var byteCount: Int {
        switch self {
        case .user(let text):
            text.utf8.count
        case .assistant(let turn):
            turn.text.utf8.count + turn.toolCalls.reduce(0) { sum, call in
                sum + call.id.utf8.count + call.name.utf8.count + call.arguments.utf8.count + (call.signature?.utf8.count ?? 0)
            }
        case .toolResults(let results):
            results.reduce(0) { $0 + $1.callID.utf8.count + $1.name.utf8.count + $1.content.jsonText.utf8.count }
        }
    }
}
