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
        let kept = keptCount(messages, weights: messages.map(\.byteCount), limit: limit, maxBytes: maxBytes)
        return Array(messages.suffix(kept))
    }

    /// How many of the newest `messages` `trimmed` keeps, with each message's `byteCount` given,
    /// so a conversation weighs a message once rather than at every question.
    /// - Parameters:
    ///   - messages: the whole history, oldest first.
    ///   - weights: `[message]` their byte counts.
    ///   - limit: the most messages kept, > 0.
    ///   - maxBytes: the most bytes kept.
    static func keptCount(_ messages: [ChatMessage], weights: [Int], limit: Int, maxBytes: Int) -> Int {
        var start = max(0, messages.count - max(0, limit))
        while start < messages.count, !messages[start].isUser { start += 1 }
        var bytes = weights[start...].reduce(0, +)
        while bytes > maxBytes, start < messages.count {
            // Drop the oldest turn whole: its question and every message until the next question.
            bytes -= weights[start]
            start += 1
            while start < messages.count, !messages[start].isUser {
                bytes -= weights[start]
                start += 1
            }
        }
        return messages.count - start
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
            turn.text.utf8.count
                + turn.toolCalls.reduce(0) { sum, call in
                    sum + call.id.utf8.count + call.name.utf8.count + call.arguments.utf8.count + (call.signature?.utf8.count ?? 0)
                }
        case .toolResults(let results):
            results.reduce(0) { $0 + $1.callID.utf8.count + $1.name.utf8.count + $1.content.jsonText.utf8.count }
        }
    }
}
