/// The rule for how much history a conversation keeps.
enum ConversationHistory {
    /// The last `limit` messages, shortened further until the first is a user message, so a tool call is
    /// never kept without its result, nor a result without its call, and every provider accepts the start.
    /// - Parameters:
    ///   - messages: the whole history, oldest first.
    ///   - limit: the most messages kept, > 0.
    /// - Returns: a suffix of `messages` that is empty or starts with `.user`.
    static func trimmed(_ messages: [ChatMessage], limit: Int) -> [ChatMessage] {
        var kept = messages.suffix(max(0, limit))
        while let first = kept.first, !first.isUser { kept = kept.dropFirst() }
        return Array(kept)
    }
}

extension ChatMessage {
    /// Whether this is a question from the person.
    var isUser: Bool {
        if case .user = self { return true }
        return false
    }
}
