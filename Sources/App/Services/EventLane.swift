import Synchronization

/// The NOTIFY payloads one sender lane of `PostgresEventHub` has yet to send, in publish order.
///
/// The sender takes what is waiting as one batch and sends it in one statement, so
/// events that pile up while a send is in flight (or while the sender is being woken)
/// cost one transaction instead of one each: the group commit of track events.
///
/// A batch never holds the same payload twice. Postgres delivers identical
/// notifications of one transaction once, at the place of the first, so `A, B, A`
/// in one batch would reach listeners as `A, B`: a later payload equal to one
/// already in the batch starts the next batch instead.
///
/// Bounded: when `capacity` payloads wait, the oldest gives way to the newest
/// (status can be re-read; a stalled database must not grow memory).
final class EventLane: Sendable {
    private struct State {
        /// Waiting payloads are `buffer[head...]`; the taken prefix is dropped once it is half the buffer.
        var buffer: [String] = []
        var head = 0
        var sender: CheckedContinuation<Void, Never>?
        var finished = false

        var waiting: Int { buffer.count - head }

        mutating func dropTaken() {
            guard head > 0, head * 2 >= buffer.count else { return }
            buffer.removeFirst(head)
            head = 0
        }
    }

    /// Payloads kept while the sender is behind; ≥ 1.
    let capacity: Int
    /// Payloads sent in one statement at most; ≥ 1.
    let maxBatch: Int
    private let state = Mutex(State())

    /// - Parameters:
    ///   - capacity: payloads kept while the sender is behind before the oldest is dropped; at least 1.
    ///   - maxBatch: payloads per batch at most; at least 1.
    init(capacity: Int, maxBatch: Int = 64) {
        self.capacity = max(1, capacity)
        self.maxBatch = max(1, maxBatch)
    }

    /// Queues `payload` and wakes the sender.
    /// - Returns: false when the lane was full and its oldest payload was dropped to make room.
    @discardableResult
    func push(_ payload: String) -> Bool {
        let (kept, sender) = state.withLock { s -> (Bool, CheckedContinuation<Void, Never>?) in
            guard !s.finished else { return (true, nil) }
            var kept = true
            if s.waiting >= capacity {
                s.head += 1
                kept = false
            }
            s.buffer.append(payload)
            s.dropTaken()
            defer { s.sender = nil }
            return (kept, s.sender)
        }
        sender?.resume()
        return kept
    }

    /// Ends the lane: what waits is still handed out, then `nextBatch` answers nil.
    func finish() {
        let sender = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.finished = true
            defer { s.sender = nil }
            return s.sender
        }
        sender?.resume()
    }

    /// The waiting payloads, oldest first, up to `maxBatch` and with no payload twice;
    /// suspends while none wait.
    /// - Returns: nil once the lane is finished and drained, or once the task is cancelled
    ///   (what still waits is dropped then).
    func nextBatch() async -> [String]? {
        while !Task.isCancelled {
            switch state.withLock({ s in Self.take(from: &s, upTo: maxBatch) }) {
            case .batch(let payloads): return payloads
            case .finished: return nil
            case .empty: await waitForPush()
            }
        }
        return nil
    }

    /// Whether the sender is suspended waiting for a payload (for tests).
    var hasWaitingSender: Bool { state.withLock { $0.sender != nil } }

    private enum Taken {
        case batch([String])
        case empty
        case finished
    }

    private static func take(from s: inout State, upTo maxBatch: Int) -> Taken {
        guard s.waiting > 0 else { return s.finished ? .finished : .empty }
        var batch: [String] = []
        var seen = Set<String>()
        while s.head < s.buffer.count, batch.count < maxBatch, seen.insert(s.buffer[s.head]).inserted {
            batch.append(s.buffer[s.head])
            s.head += 1
        }
        if s.head == s.buffer.count {
            s.buffer.removeAll(keepingCapacity: true)
            s.head = 0
        } else {
            s.dropTaken()
        }
        return .batch(batch)
    }

    /// Suspends until a push, `finish` or cancellation. The batch is taken after waking, not
    /// handed over by the push: payloads published right after it join the same batch.
    private func waitForPush() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { s -> Bool in
                    guard s.waiting == 0, !s.finished, !Task.isCancelled else { return true }
                    s.sender = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let sender = state.withLock { s -> CheckedContinuation<Void, Never>? in
                defer { s.sender = nil }
                return s.sender
            }
            sender?.resume()
        }
    }
}
