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
        let fail: @Sendable (any Error) -> Void
    }

    /// What a new job needs after it is queued.
    private enum Next {
        case wake(SQLiteConnection)
        case open
        case wait
        case refuse
    }

    private struct State: ~Copyable {
        /// Waiting jobs from `head` on (the array is compacted now and then).
        var jobs: [Job] = []
        var head = 0
        var idle: [SQLiteConnection] = []
        var all: [SQLiteConnection] = []
        /// Connections open or being opened.
        var opened = 0
        var closed = false

        mutating func takeAllJobs() -> [Job] {
            defer {
                jobs = []
                head = 0
            }
            return Array(jobs[head...])
        }

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
    ///   - capacity: most connections, ≥ 1.
    ///   - open: opens a read-only connection.
    init(capacity: Int, open: @escaping @Sendable () async throws -> SQLiteConnection) {
        state = Mutex(State())
        self.capacity = max(1, capacity)
        self.open = open
    }

    /// Runs `work` on the next free reader.
    /// - Throws: what `work` throws, `DatabaseError` of kind `.closed`, or why no reader could be opened.
    func perform<T: Sendable>(_ work: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let job = Job(
                run: { connection in continuation.resume(with: Result { try work(connection) }) },
                fail: { continuation.resume(throwing: $0) })
            let next = state.withLock { state -> Next in
                if state.closed { return .refuse }
                state.jobs.append(job)
                if let idle = state.idle.popLast() { return .wake(idle) }
                guard state.opened < capacity else { return .wait }
                state.opened += 1
                return .open
            }
            switch next {
            case .wake(let connection): connection.enqueue { self.drain($0) }
            case .open: Task { await self.openReader() }
            case .wait: break
            case .refuse: job.fail(Self.closedError)
            }
        }
    }

    /// Fails waiting statements and closes every connection once the statement it runs is done.
    func close() {
        let (jobs, connections) = state.withLock { state in
            state.closed = true
            return (state.takeAllJobs(), state.all)
        }
        for job in jobs { job.fail(Self.closedError) }
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

    /// Opens a reader, which starts on whatever is waiting. When it cannot be opened and no other
    /// reader is open or opening, the waiting statements fail with the reason instead of waiting forever.
    private func openReader() async {
        do {
            let connection = try await open()
            let keep = state.withLock { state in
                guard !state.closed else { return false }
                state.all.append(connection)
                return true
            }
            guard keep else { return connection.close() }
            connection.enqueue { self.drain($0) }
        } catch {
            let orphaned = state.withLock { state -> [Job] in
                state.opened -= 1
                return state.opened == 0 ? state.takeAllJobs() : []
            }
            for job in orphaned { job.fail(error) }
        }
    }

    private static var closedError: DatabaseError {
        DatabaseError(kind: .closed, driver: .sqlite, message: "the SQLite database is closed")
    }
}
