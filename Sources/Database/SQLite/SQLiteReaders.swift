internal import Synchronization

/// SQLite's read-only connections, each confined to its serial queue, taking statements from one
/// first-in-first-out queue.
///
/// A reader that finishes a statement takes the next one on the same thread, so statements that
/// arrive together run back to back on one wake-up instead of each waiting for a connection to be
/// handed back and then for its own hop: on a busy event loop those hops, not the statements, were
/// the cost of a read. An idle reader is woken for new work; a slow statement holds up only its own
/// reader. Another reader is opened when none is idle, up to `capacity`.
final class SQLiteReaders: Sendable {
    /// A statement waiting for a reader.
    private struct Job: Sendable {
        let run: @Sendable (SQLiteConnection) -> Void
        let cancel: @Sendable () -> Void
    }

    private struct State: ~Copyable {
        /// Waiting jobs from `head` on (the array is compacted now and then).
        var jobs: [Job] = []
        var head = 0
        var idle: [SQLiteConnection]
        var all: [SQLiteConnection]
        /// Connections open or being opened.
        var opened: Int
        var closed = false

        mutating func takeJob() -> Job? {
            guard head < jobs.count else { return nil }
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 64, head * 2 >= jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            return job
        }
    }

    private let state: Mutex<State>
    private let capacity: Int
    private let open: @Sendable () async throws -> SQLiteConnection

    /// - Parameters:
    ///   - first: an open read-only connection.
    ///   - capacity: most connections, ≥ 1.
    ///   - open: opens another read-only connection.
    init(first: SQLiteConnection, capacity: Int, open: @escaping @Sendable () async throws -> SQLiteConnection) {
        state = Mutex(State(idle: [first], all: [first], opened: 1))
        self.capacity = max(1, capacity)
        self.open = open
    }

    /// Runs `work` on the next free reader.
    /// - Throws: what `work` throws, or `DatabaseError` of kind `.closed`.
    func perform<T: Sendable>(_ work: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        await openAnotherIfAllBusy()
        return try await withCheckedThrowingContinuation { continuation in
            let job = Job(
                run: { connection in continuation.resume(with: Result { try work(connection) }) },
                cancel: { continuation.resume(throwing: Self.closedError) })
            let (accepted, wake) = state.withLock { state -> (Bool, SQLiteConnection?) in
                if state.closed { return (false, nil) }
                state.jobs.append(job)
                return (true, state.idle.popLast())
            }
            guard accepted else { return job.cancel() }
            if let wake { wake.enqueue { self.drain($0) } }
        }
    }

    /// Fails waiting statements and closes every connection once the statement it runs is done.
    func close() {
        let (jobs, connections) = state.withLock { state in
            state.closed = true
            let jobs = Array(state.jobs[state.head...])
            state.jobs = []
            state.head = 0
            return (jobs, state.all)
        }
        for job in jobs { job.cancel() }
        for connection in connections { connection.close() }
    }

    /// Runs waiting jobs on `connection` until none is left, then parks it as idle.
    private func drain(_ connection: SQLiteConnection) {
        while let job = state.withLock({ state -> Job? in
            if let job = state.takeJob() { return job }
            state.idle.append(connection)
            return nil
        }) {
            job.run(connection)
        }
    }

    /// Opens one more reader when none is idle and there is room; a failure leaves the work to the open ones.
    private func openAnotherIfAllBusy() async {
        let reserved = state.withLock { state in
            guard !state.closed, state.idle.isEmpty, state.opened < capacity else { return false }
            state.opened += 1
            return true
        }
        guard reserved else { return }
        guard let connection = try? await open() else {
            state.withLock { $0.opened -= 1 }
            return
        }
        let keep = state.withLock { state in
            guard !state.closed else { return false }
            state.all.append(connection)
            return true
        }
        guard keep else { return connection.close() }
        // It starts on whatever is waiting, then parks itself as idle.
        connection.enqueue { self.drain($0) }
    }

    private static var closedError: DatabaseError {
        DatabaseError(kind: .closed, driver: .sqlite, message: "the SQLite database is closed")
    }
}
