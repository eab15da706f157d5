internal import Synchronization

/// Hands out at most `capacity` connections, creating them on demand.
///
/// A caller that finds none free waits in FIFO order. An idle connection
/// is validated before it is handed out; a broken one is discarded and its
/// slot reused, which is how the Postgres pool survives a server restart.
final class ConnectionPool<Connection: Sendable>: Sendable {
    /// What a waiter gets: a connection to validate, or a free slot to fill.
    private enum Grant: Sendable {
        case existing(Connection)
        case slot
        case closed
    }

    private struct State: ~Copyable {
        var idle: [Connection] = []
        var open = 0
        var waiters: [CheckedContinuation<Grant, Never>] = []
        var closed = false
    }

    private let capacity: Int
    private let state = Mutex(State())
    private let create: @Sendable () async throws -> Connection
    private let validate: @Sendable (Connection) async -> Bool
    private let discard: @Sendable (Connection) -> Void
    private let name: String

    /// - Parameters:
    ///   - name: what the pool holds, for error messages.
    ///   - capacity: most connections open at once, > 0.
    ///   - create: opens a connection.
    ///   - validate: checks an idle connection before reuse.
    ///   - discard: closes a connection (must not block the caller).
    init(
        name: String, capacity: Int,
        create: @escaping @Sendable () async throws -> Connection,
        validate: @escaping @Sendable (Connection) async -> Bool,
        discard: @escaping @Sendable (Connection) -> Void
    ) {
        self.name = name
        self.capacity = max(1, capacity)
        self.create = create
        self.validate = validate
        self.discard = discard
    }

    /// Adds an already open connection as idle, taking one slot.
    func seed(_ connection: Connection) {
        state.withLock { state in
            state.open += 1
            state.idle.append(connection)
        }
    }

    /// Takes a connection; give it back with `release`.
    func lease() async throws -> Connection {
        while true {
            switch await nextGrant() {
            case .closed:
                throw DatabaseError(kind: .closed, message: "the \(name) pool is closed")
            case .existing(let connection):
                if await validate(connection) { return connection }
                discard(connection)
                releaseSlot()
            case .slot:
                do {
                    return try await create()
                } catch {
                    releaseSlot()
                    throw error
                }
            }
        }
    }

    /// Returns a connection; a broken one (`reusable == false`) is closed and its slot freed.
    func release(_ connection: Connection, reusable: Bool) {
        guard reusable else {
            discard(connection)
            releaseSlot()
            return
        }
        let (waiter, closeIt): (CheckedContinuation<Grant, Never>?, Bool) = state.withLock { state in
            if state.closed {
                state.open -= 1
                return (nil, true)
            }
            if !state.waiters.isEmpty { return (state.waiters.removeFirst(), false) }
            state.idle.append(connection)
            return (nil, false)
        }
        if closeIt { discard(connection) }
        waiter?.resume(returning: .existing(connection))
    }

    /// Closes idle connections and fails waiters; leased ones close when released.
    func close() {
        let (idle, waiters) = state.withLock { state in
            state.closed = true
            state.open -= state.idle.count
            defer {
                state.idle = []
                state.waiters = []
            }
            return (state.idle, state.waiters)
        }
        for connection in idle { discard(connection) }
        for waiter in waiters { waiter.resume(returning: .closed) }
    }

    private func nextGrant() async -> Grant {
        await withCheckedContinuation { continuation in
            let grant: Grant? = state.withLock { state in
                if state.closed { return .closed }
                if let connection = state.idle.popLast() { return .existing(connection) }
                if state.open < capacity {
                    state.open += 1
                    return .slot
                }
                state.waiters.append(continuation)
                return nil
            }
            if let grant { continuation.resume(returning: grant) }
        }
    }

    /// Frees a slot, handing it straight to the first waiter if there is one.
    private func releaseSlot() {
        let waiter: CheckedContinuation<Grant, Never>? = state.withLock { state in
            if !state.closed, !state.waiters.isEmpty { return state.waiters.removeFirst() }
            state.open -= 1
            return nil
        }
        waiter?.resume(returning: .slot)
    }
}
