import Synchronization

/// A fixed number of counters, each bumped with one relaxed atomic add: no lock on the request path.
///
/// The metrics' label sets are bounded and known at start (route patterns, methods, a list of
/// statuses), so every series has a slot from the beginning and recording never allocates.
// @unchecked Sendable: the pointer never changes after init and every pointee is an Atomic; checked by MetricsTests.
final class AtomicCounters: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Atomic<UInt64>>
    /// Number of counters.
    let count: Int

    /// - Parameter count: counters to allocate, all zero; ≥ 0.
    init(count: Int) {
        self.count = max(0, count)
        storage = .allocate(capacity: self.count)
        for i in 0..<self.count { (storage + i).initialize(to: Atomic(0)) }
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    /// Adds `amount` to counter `index`; an index out of range is ignored (a bug, never worth a crash).
    func add(_ index: Int, _ amount: UInt64 = 1) {
        guard index >= 0, index < count else { return }
        storage[index].wrappingAdd(amount, ordering: .relaxed)
    }

    /// Subtracts `amount` from counter `index` (gauges that go down).
    func subtract(_ index: Int, _ amount: UInt64 = 1) {
        guard index >= 0, index < count else { return }
        storage[index].wrappingSubtract(amount, ordering: .relaxed)
    }

    /// The current value of counter `index`; 0 out of range.
    func value(_ index: Int) -> UInt64 {
        guard index >= 0, index < count else { return 0 }
        return storage[index].load(ordering: .relaxed)
    }
}
