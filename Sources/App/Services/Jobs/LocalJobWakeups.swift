import Synchronization

/// In-process wake-ups: one signal wakes one idle worker (the others stay
/// asleep rather than race for the same job); a signal with no one waiting
/// is kept, so a worker that is about to wait claims at once instead.
final class LocalJobWakeups: JobWakeups {
    private struct State {
        var nextID: UInt64 = 0
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, Never>)] = []
        var pendingSignal = false
    }

    private let state = Mutex(State())
    private let clock: any JobClock

    /// Wake-ups whose timeouts run on `clock`.
    init(clock: any JobClock = SystemJobClock()) {
        self.clock = clock
    }

    func wait(upTo timeout: Duration) async {
        if state.withLock({ s in
            defer { s.pendingSignal = false }
            return s.pendingSignal
        }) {
            return
        }
        let id = state.withLock { s in
            s.nextID += 1
            return s.nextID
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForSignal(id) }
            group.addTask { [clock] in
                // Cancellation ends the timeout early; either way the wait is over.
                try? await clock.sleep(for: timeout)
                self.resume(id)
            }
            await group.next()
            group.cancelAll()
            resume(id)
        }
    }

    func signal() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard !s.waiters.isEmpty else {
                s.pendingSignal = true
                return nil
            }
            return s.waiters.removeFirst().continuation
        }
        waiter?.resume()
    }

    /// Suspends until `resume(id)`; cancellation resumes it too.
    private func waitForSignal(_ id: UInt64) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let cancelled = state.withLock { s -> Bool in
                    guard !Task.isCancelled else { return true }
                    s.waiters.append((id, continuation))
                    return false
                }
                if cancelled { continuation.resume() }
            }
        } onCancel: {
            resume(id)
        }
    }

    /// Resumes waiter `id` if it is still waiting (each is resumed exactly once).
    private func resume(_ id: UInt64) {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard let index = s.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return s.waiters.remove(at: index).continuation
        }
        waiter?.resume()
    }
}
