extension PostgresListener {
    /// A consumer's place on a channel; `cancel()` gives it up.
    public struct Subscription: Sendable {
        private let onCancel: @Sendable () -> Void

        init(onCancel: @escaping @Sendable () -> Void) {
            self.onCancel = onCancel
        }

        /// Stops the handler's calls; the channel stays listened to for other consumers. Idempotent.
        public func cancel() {
            onCancel()
        }
    }
}
