public import Foundation
import Synchronization

/// A unit of analysis work.
public enum AnalysisJob: Sendable, Hashable {
    case track(UUID)
    case fragment(UUID)
}

/// Where workers take analysis jobs from. In memory for one replica; a
/// Postgres source (`FOR UPDATE SKIP LOCKED` plus a heartbeat) would lease
/// jobs to several replicas behind the same protocol (DESIGN.md).
public protocol JobSource: Sendable {
    /// Adds a job at the back, unless it is already waiting.
    func enqueue(_ job: AnalysisJob)
    /// Removes a waiting job; returns whether it was waiting.
    @discardableResult func remove(_ job: AnalysisJob) -> Bool
    /// The next job, waiting until there is one; nil once the source is closed.
    func next() async -> AnalysisJob?
    /// Jobs waiting.
    var pendingCount: Int { get }
    /// Wakes every waiting worker with nil.
    func close()
}

/// A FIFO in memory, served to waiting workers in arrival order.
public final class InMemoryJobSource: JobSource {
    private struct State {
        var jobs: [AnalysisJob] = []
        var waiters: [CheckedContinuation<AnalysisJob?, Never>] = []
        var closed = false
    }

    private let state = Mutex(State())

    /// An empty source.
    public init() {}

    public func enqueue(_ job: AnalysisJob) {
        let waiter: CheckedContinuation<AnalysisJob?, Never>? = state.withLock { s in
            guard !s.closed, !s.jobs.contains(job) else { return nil }
            if !s.waiters.isEmpty { return s.waiters.removeFirst() }
            s.jobs.append(job)
            return nil
        }
        waiter?.resume(returning: job)
    }

    @discardableResult
    public func remove(_ job: AnalysisJob) -> Bool {
        state.withLock { s in
            guard let index = s.jobs.firstIndex(of: job) else { return false }
            s.jobs.remove(at: index)
            return true
        }
    }

    public func next() async -> AnalysisJob? {
        await withCheckedContinuation { continuation in
            let ready: AnalysisJob?? = state.withLock { s in
                if !s.jobs.isEmpty { return .some(s.jobs.removeFirst()) }
                if s.closed { return .some(nil) }
                s.waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    public var pendingCount: Int { state.withLock { $0.jobs.count } }

    public func close() {
        let waiters = state.withLock { s in
            s.closed = true
            defer { s.waiters.removeAll() }
            return s.waiters
        }
        for waiter in waiters { waiter.resume(returning: nil) }
    }
}
