/// One dispatched server-sent event (WHATWG HTML, "Server-sent events", §9.2.6 "Interpreting an event stream").
public struct SSEEvent: Sendable, Equatable {
    /// The `event:` field, or `message` when the event had none.
    public var type: String
    /// The `data:` lines joined with LF, without the final LF.
    public var data: String
    /// The last event id seen on the stream so far (`id:` persists across events), or `nil`.
    public var lastEventID: String?

    /// Makes an event.
    /// - Parameters:
    ///   - type: the event type; default `message`.
    ///   - data: the payload.
    ///   - lastEventID: the stream's last event id; default none.
    public init(type: String = "message", data: String, lastEventID: String? = nil) {
        self.type = type
        self.data = data
        self.lastEventID = lastEventID
    }
}

/// Why an event stream was rejected.
public enum SSEParseError: Error, Sendable, Equatable {
    /// One line, or one event's data, grew past the limit (bytes) before it ended.
    case eventTooLarge(limit: Int)
}
