internal import Synchronization

/// The consumers of a listener, by channel.
///
/// Read from the listener's queue (to deliver) and written from any thread
/// (to subscribe or cancel), hence the lock. Handlers are called outside it.
final class ListenerSubscribers: Sendable {
    typealias Handler = @Sendable (PostgresListener.Event) -> Void

    private struct Entry {
        let id: UInt64
        let handler: Handler
        /// Called once when the listener closes (an `AsyncStream` finishes).
        let finish: @Sendable () -> Void
    }

    private struct State {
        var next: UInt64 = 0
        var byChannel: [String: [Entry]] = [:]
        var closed = false
    }

    private let state = Mutex(State())

    /// Adds a consumer of `channel`; nil once the listener is closed.
    func add(_ channel: String, handler: @escaping Handler, finish: @escaping @Sendable () -> Void) -> UInt64? {
        state.withLock { state in
            guard !state.closed else { return nil }
            state.next += 1
            state.byChannel[channel, default: []].append(Entry(id: state.next, handler: handler, finish: finish))
            return state.next
        }
    }

    /// Removes one consumer. The channel stays listened to: LISTEN is cheap, and a
    /// consumer that comes back must not miss what was sent in between.
    func remove(_ id: UInt64, from channel: String) {
        state.withLock { state in
            state.byChannel[channel]?.removeAll { $0.id == id }
        }
    }

    /// Every channel any consumer ever asked for: what a new connection LISTENs on.
    var channels: [String] {
        state.withLock { Array($0.byChannel.keys) }
    }

    /// Hands `event` to each consumer of `channel`, in subscription order.
    func deliver(_ event: PostgresListener.Event, on channel: String) {
        let handlers = state.withLock { $0.byChannel[channel]?.map(\.handler) ?? [] }
        for handler in handlers { handler(event) }
    }

    /// Hands `event` to every consumer of every channel.
    func deliverToAll(_ event: PostgresListener.Event) {
        let handlers = state.withLock { $0.byChannel.values.flatMap { $0.map(\.handler) } }
        for handler in handlers { handler(event) }
    }

    /// Refuses new consumers and finishes the current ones.
    func close() {
        let finishers = state.withLock { state -> [@Sendable () -> Void] in
            state.closed = true
            let all = state.byChannel.values.flatMap { $0.map(\.finish) }
            state.byChannel = state.byChannel.mapValues { _ in [] }
            return all
        }
        for finish in finishers { finish() }
    }
}
