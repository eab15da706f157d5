extension PostgresListener {
    /// How the listener reconnects and buffers.
    public struct Configuration: Sendable {
        /// Wait before the first reconnection attempt after a loss; doubles per failed attempt; default 100 ms.
        public var initialBackoff: Duration
        /// Longest wait between reconnection attempts; default 5 s.
        public var maximumBackoff: Duration
        /// Events an `AsyncStream` from `notifications(on:)` holds for a slow consumer before it drops the
        /// oldest; > 0; default 4096.
        public var streamBufferLimit: Int

        /// Creates a configuration; every parameter has the default documented on its property.
        public init(
            initialBackoff: Duration = .milliseconds(100), maximumBackoff: Duration = .seconds(5),
            streamBufferLimit: Int = 4096
        ) {
            self.initialBackoff = initialBackoff
            self.maximumBackoff = maximumBackoff
            self.streamBufferLimit = max(1, streamBufferLimit)
        }
    }
}
