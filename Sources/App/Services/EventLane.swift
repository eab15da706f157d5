import Synchronization

/// The NOTIFY payloads one sender lane of `PostgresEventHub` has yet to send, in publish order.
///
/// The sender takes what is waiting as one batch and sends it in one statement, so
/// events that pile up while a send is in flight (or while the sender is being woken)
/// cost one transaction instead of one each: the group commit of track events.
///
/// A payload pushed as `lingering` (an agent's progress) may wait up to `linger`
/// for company before its batch goes; any other payload (a status) sends what
/// waits at once, so nothing overtakes it and a status is never held back.
/// An analysis reports progress every few milliseconds, so lingering turns its
/// stream of small transactions into a few larger ones.
///
/// A batch never holds the same payload twice. Postgres delivers identical
/// notifications of one transaction once, at the place of the first, so `A, B, A`
/// in one batch would reach listeners as `A, B`: a later payload equal to one
/// already in the batch starts the next batch instead.
///
/// Bounded: when `capacity` payloads wait, the oldest gives way to the newest
/// (status can be re-read; a stalled database must not grow memory).
final class EventLane: Sendable {
    private struct Entry {
        let payload: String
        let lingering: Bool
        let arrival: ContinuousClock.Instant
    }

    private struct State {
        /// Waiting entries are `buffer[head...]`; the taken prefix is dropped once it is half the buffer.
        var buffer: [Entry] = []
        var head = 0
        /// Waiting entries that must not linger.
        var urgent = 0
        /// Counts pushes, so a sender about to wait knows whether one came since it looked.
        var generation: UInt64 = 0
        var sender: CheckedContinuation<Void, Never>?
        var finished = false

        var waiting: Int { buffer.count - head }

        /// Takes the oldest waiting entry off the queue.
        mutating func removeFirst() -> Entry {
            let entry = buffer[head]
            head += 1
            if !entry.lingering { urgent -= 1 }
            return entry
        }

        mutating func dropTaken() {
            if head == buffer.count {
                buffer.removeAll(keepingCapacity: true)
                head = 0
            } else if head > 0, head * 2 >= buffer.count {
                buffer.removeFirst(head)
                head = 0
            }
        }
    }

    /// Payloads kept while the sender is behind; ≥ 1.
    let capacity: Int
    /// Payloads sent in one statement at most; ≥ 1.
    let maxBatch: Int
    /// How long a lingering payload may wait for company.
    let linger: Duration
    private let state = Mutex(State())

    /// - Parameters:
    ///   - capacity: payloads kept while the sender is behind before the oldest is dropped; at least 1.
    ///   - maxBatch: payloads per batch at most; at least 1.
    ///   - linger: how long a lingering payload may wait for company; default 20 ms.
    init(capacity: Int, maxBatch: Int = 64, linger: Duration = .milliseconds(20)) {
        self.capacity = max(1, capacity)
        self.maxBatch = max(1, maxBatch)
        self.linger = max(.zero, linger)
    }

    /// Queues `payload` and wakes the sender; after `finish`, payloads are ignored.
    /// - Parameters:
    ///   - payload: the NOTIFY payload.
    ///   - lingering: whether it may wait up to `linger` for company; default false (sent at once).
    /// - Returns: false when the lane was full and its oldest payload was dropped to make room.
    @discardableResult
    func push(_ payload: String, lingering: Bool = false) -> Bool {
        let arrival = ContinuousClock.now
        let (kept, sender) = state.withLock { s -> (Bool, CheckedContinuation<Void, Never>?) in
            guard !s.finished else { return (true, nil) }
            var kept = true
            if s.waiting >= capacity {
                _ = s.removeFirst()
                kept = false
            }
            s.buffer.append(Entry(payload: payload, lingering: lingering, arrival: arrival))
            if !lingering { s.urgent += 1 }
            s.generation &+= 1
            s.dropTaken()
            defer { s.sender = nil }
            return (kept, s.sender)
        }
        sender?.resume()
        return kept
    }

    /// Ends the lane: what waits is handed out without lingering, then `nextBatch` answers nil.
    func finish() {
        let sender = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.finished = true
            defer { s.sender = nil }
            return s.sender
        }
        sender?.resume()
    }

    /// The waiting payloads, oldest first, up to `maxBatch` and with no payload twice;
    /// suspends while none wait, or while only lingering ones do and the oldest may wait longer.
    /// - Returns: nil once the lane is finished and drained, or once the task is cancelled
    ///   (what still waits is dropped then).
    func nextBatch() async -> [String]? {
        while !Task.isCancelled {
            switch state.withLock({ s in take(from: &s, now: .now) }) {
            case .batch(let payloads): return payloads
            case .finished: return nil
            case .wait(let generation, let deadline): await waitForPush(after: generation, orUntil: deadline)
            }
        }
        return nil
    }

    /// Whether the sender is suspended waiting for a payload (for tests).
    var hasWaitingSender: Bool { state.withLock { $0.sender != nil } }

    private enum Taken {
        case batch([String])
        case finished
        /// Nothing to send before a push newer than `generation`, or before `deadline` when there is one.
        case wait(generation: UInt64, deadline: ContinuousClock.Instant?)
    }

    private func take(from s: inout State, now: ContinuousClock.Instant) -> Taken {
        guard s.waiting > 0 else { return s.finished ? .finished : .wait(generation: s.generation, deadline: nil) }
        let due = s.buffer[s.head].arrival + linger
        guard s.finished || s.urgent > 0 || s.waiting >= maxBatch || now >= due else {
            return .wait(generation: s.generation, deadline: due)
        }
        var batch: [String] = []
        var seen = Set<String>()
        while s.waiting > 0, batch.count < maxBatch, seen.insert(s.buffer[s.head].payload).inserted {
            batch.append(s.removeFirst().payload)
        }
        s.dropTaken()
        return .batch(batch)
    }

    /// Suspends until a push newer than `generation`, `finish`, cancellation or `deadline`. The batch is
    /// taken after waking, not handed over by the push: payloads published right after it join the batch.
    private func waitForPush(after generation: UInt64, orUntil deadline: ContinuousClock.Instant?) async {
        guard let deadline else {
            await waitForPush(after: generation)
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForPush(after: generation) }
            group.addTask { try? await Task.sleep(until: deadline, clock: .continuous) }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForPush(after generation: UInt64) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { s -> Bool in
                    guard s.generation == generation, !s.finished, !Task.isCancelled else { return true }
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
