import Synchronization
import Testing

@testable import Database

@Suite struct ConnectionPoolTests {
    final class FakeConnection: Sendable {
        let id: Int
        let broken = Atomic<Bool>(false)
        init(id: Int) { self.id = id }
    }

    /// A pool of fakes that records what it created and discarded.
    final class Harness: Sendable {
        let created = Atomic<Int>(0)
        let discarded = Atomic<Int>(0)
        let failCreation = Atomic<Bool>(false)
        let inUse = Atomic<Int>(0)
        let peak = Atomic<Int>(0)

        func pool(capacity: Int) -> ConnectionPool<FakeConnection> {
            ConnectionPool(
                name: "fake", capacity: capacity,
                create: {
                    if self.failCreation.load(ordering: .relaxed) {
                        throw DatabaseError(kind: .connectionFailed, message: "refused")
                    }
                    return FakeConnection(id: self.created.add(1, ordering: .relaxed).newValue)
                },
                validate: { !$0.broken.load(ordering: .relaxed) },
                discard: { _ in self.discarded.add(1, ordering: .relaxed) })
        }
    }

    @Test func reusesIdleConnections() async throws {
        let harness = Harness()
        let pool = harness.pool(capacity: 2)
        let first = try await pool.lease()
        pool.release(first, reusable: true)
        let second = try await pool.lease()
        #expect(second.id == first.id)
        #expect(harness.created.load(ordering: .relaxed) == 1)
    }

    @Test func neverOpensMoreThanCapacityAndServesWaiters() async throws {
        let harness = Harness()
        let pool = harness.pool(capacity: 2)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    let connection = try await pool.lease()
                    let now = harness.inUse.add(1, ordering: .relaxed).newValue
                    harness.peak.max(now, ordering: .relaxed)
                    await Task.yield()
                    harness.inUse.subtract(1, ordering: .relaxed)
                    pool.release(connection, reusable: true)
                }
            }
            try await group.waitForAll()
        }
        #expect(harness.peak.load(ordering: .relaxed) <= 2)
        #expect(harness.created.load(ordering: .relaxed) <= 2)
    }

    @Test func brokenConnectionsAreReplaced() async throws {
        let harness = Harness()
        let pool = harness.pool(capacity: 1)
        let first = try await pool.lease()
        pool.release(first, reusable: true)
        first.broken.store(true, ordering: .relaxed)
        let second = try await pool.lease()
        #expect(second.id != first.id)
        #expect(harness.discarded.load(ordering: .relaxed) == 1)
        pool.release(second, reusable: false)
        #expect(harness.discarded.load(ordering: .relaxed) == 2)
        #expect(try await pool.lease().id == 3)
    }

    @Test func failedCreationFreesTheSlot() async throws {
        let harness = Harness()
        let pool = harness.pool(capacity: 1)
        harness.failCreation.store(true, ordering: .relaxed)
        await #expect(throws: DatabaseError.self) { try await pool.lease() }
        harness.failCreation.store(false, ordering: .relaxed)
        _ = try await pool.lease()
    }

    @Test func closeFailsLaterLeases() async throws {
        let harness = Harness()
        let pool = harness.pool(capacity: 1)
        let connection = try await pool.lease()
        pool.release(connection, reusable: true)
        pool.close()
        #expect(harness.discarded.load(ordering: .relaxed) == 1)
        do {
            _ = try await pool.lease()
            Issue.record("a closed pool handed out a connection")
        } catch let error as DatabaseError {
            #expect(error.kind == .closed)
        }
    }
}
