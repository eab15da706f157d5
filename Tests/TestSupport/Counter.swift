import Synchronization

/// A count that callbacks on any thread can add to (calls, requests, demands).
package final class Counter: Sendable {
    private let count = Mutex(0)

    package init() {}

    /// Adds one; returns the new count.
    @discardableResult
    package func increment() -> Int {
        count.withLock { value in
            value += 1
            return value
        }
    }

    package var value: Int { count.withLock { $0 } }
}
