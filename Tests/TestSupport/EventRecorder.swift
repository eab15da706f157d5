import Synchronization

/// Collects what a callback or stream delivers, so a test can wait, with a deadline,
/// until what arrived satisfies a condition (no sleeping for a guessed time).
package final class EventRecorder<Element: Sendable>: Sendable {
    private struct Waiter {
        let id: Int
        let satisfied: @Sendable ([Element]) -> Bool
        let continuation: CheckedContinuation<[Element], any Error>
    }

    private struct State {
        var elements: [Element] = []
        var waiters: [Waiter] = []
        var nextID = 0
    }

    private let state = Mutex(State())

    package init() {}

    /// Everything recorded so far, in arrival order.
    package var elements: [Element] { state.withLock { $0.elements } }

    /// Records one element and wakes the waiters it satisfies.
    package func append(_ element: Element) {
        let ready = state.withLock { state -> [(CheckedContinuation<[Element], any Error>, [Element])] in
            state.elements.append(element)
            let elements = state.elements
            let (done, waiting) = (
                state.waiters.filter { $0.satisfied(elements) },
                state.waiters.filter { !$0.satisfied(elements) }
            )
            state.waiters = waiting
            return done.map { ($0.continuation, elements) }
        }
        for (continuation, elements) in ready { continuation.resume(returning: elements) }
    }

    /// Records every element of `stream` until it ends, in a task the caller cancels or awaits.
    package func record(_ stream: AsyncStream<Element>) -> Task<Void, Never> {
        Task { for await element in stream { self.append(element) } }
    }

    /// Waits until the recorded elements satisfy `condition`.
    /// - Parameters:
    ///   - timeout: how long to wait; default 30 s (a loaded parallel run is slow, a hang is slower).
    ///   - condition: checked on every arrival.
    /// - Returns: the elements at the moment the condition held.
    /// - Throws: `RecorderTimeout` with what had arrived.
    package func wait(
        timeout: Duration = .seconds(30),
        until condition: @escaping @Sendable ([Element]) -> Bool
    ) async throws -> [Element] {
        try await withCheckedThrowingContinuation { continuation in
            let id: Int? = state.withLock { state in
                if condition(state.elements) { return nil }
                state.nextID += 1
                state.waiters.append(Waiter(id: state.nextID, satisfied: condition, continuation: continuation))
                return state.nextID
            }
            guard let id else {
                continuation.resume(returning: elements)
                return
            }
            Task {
                try? await Task.sleep(for: timeout)  // a cancelled sleep only ends the wait early
                let expired = self.state.withLock { state -> (Waiter, Int)? in
                    guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                    return (state.waiters.remove(at: index), state.elements.count)
                }
                if let (waiter, count) = expired {
                    waiter.continuation.resume(throwing: RecorderTimeout(received: count, timeout: timeout))
                }
            }
        }
    }

    /// Waits until at least `count` elements arrived.
    package func wait(forCount count: Int, timeout: Duration = .seconds(30)) async throws -> [Element] {
        try await wait(timeout: timeout) { $0.count >= count }
    }
}

/// A recorder's condition did not hold in time.
package struct RecorderTimeout: Error, CustomStringConvertible {
    package let received: Int
    package let timeout: Duration
    package var description: String { "condition not met within \(timeout) (\(received) elements received)" }
}
