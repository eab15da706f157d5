extension PostgresListener {
    /// What a channel's consumer is told.
    public enum Event: Sendable, Equatable {
        /// A `NOTIFY` on the consumer's channel, with its payload (UTF-8 text, at most 7999 bytes).
        case notification(payload: String)
        /// The connection was lost and is back, listening again. Notifications sent while it was
        /// down are gone, so a consumer re-reads whatever state it keeps in step with them.
        case reconnected
    }
}
