import Database
import Foundation
import TestSupport
import Testing

/// The listener against the test server (TEST_DATABASE_URL). Channels are unique per
/// test, since tests run in parallel on one server.
@Suite(.enabled(if: TestEnvironment.postgresURL != nil, "needs TEST_DATABASE_URL"), .timeLimit(.minutes(2)))
struct PostgresListenerTests {
    private func info() throws -> PostgresConnectionInfo {
        guard case .postgres(let info) = try DatabaseURL(parsing: try #require(TestEnvironment.postgresURL)) else {
            throw DatabaseError(kind: .invalidURL, message: "TEST_DATABASE_URL is not a Postgres URL")
        }
        return info
    }

    /// Opens a listener and a pool (the "other connection" that notifies), runs `body`, closes both.
    private func withListener(_ body: (PostgresListener, any SQLDatabase) async throws -> Void) async throws {
        let info = try info()
        let listener = PostgresListener(info: info, logger: TestEnvironment.logger)
        let database = try await PostgresDatabase(info: info, options: DatabaseOptions(poolSize: 2), logger: TestEnvironment.logger)
        do {
            try await body(listener, database)
        } catch {
            await listener.close()
            await database.close()
            throw error
        }
        await listener.close()
        await database.close()
    }

    private static func channel(_ name: String) -> String {
        name + "-" + UUID().uuidString.prefix(8)
    }

    @Test func receivesANotifySentFromAnotherConnection() async throws {
        try await withListener { listener, database in
            // Upper case, a space and a double quote: LISTEN must quote the name exactly as pg_notify spells it.
            let channel = Self.channel("Track \"Events\"")
            let other = Self.channel("other")
            let events = EventRecorder<PostgresListener.Event>()
            let others = EventRecorder<PostgresListener.Event>()
            _ = await listener.listen(on: channel) { events.append($0) }
            _ = await listener.listen(on: other) { others.append($0) }
            #expect(await listener.start())
            #expect(listener.isConnected)
            try await database.execute("SELECT pg_notify(\(other), \("for the other consumer"))")
            try await database.execute("SELECT pg_notify(\(channel), \("hello"))")
            #expect(try await events.wait(forCount: 1) == [.notification(payload: "hello")])
            #expect(try await others.wait(forCount: 1) == [.notification(payload: "for the other consumer")])
        }
    }

    @Test func aChannelAskedForAfterStartIsListenedBeforeTheCallReturns() async throws {
        try await withListener { listener, database in
            #expect(await listener.start())
            let channel = Self.channel("analysis_jobs")
            let stream = await listener.notifications(on: channel)
            try await database.execute("SELECT pg_notify(\(channel), \("wake up"))")
            var iterator = stream.makeAsyncIterator()
            #expect(await iterator.next() == .notification(payload: "wake up"))
        }
    }

    @Test func manyNotificationsArriveInOrder() async throws {
        try await withListener { listener, database in
            let channel = Self.channel("ordered")
            let events = EventRecorder<PostgresListener.Event>()
            _ = await listener.listen(on: channel) { events.append($0) }
            #expect(await listener.start())
            for index in 0..<2000 {
                try await database.execute("SELECT pg_notify(\(channel), \(String(index)))")
            }
            let received = try await events.wait(forCount: 2000)
            #expect(received == (0..<2000).map { .notification(payload: String($0)) })
        }
    }

    @Test func aPayloadAtTheLimitArrivesWhole() async throws {
        try await withListener { listener, database in
            let channel = Self.channel("large")
            let events = EventRecorder<PostgresListener.Event>()
            _ = await listener.listen(on: channel) { events.append($0) }
            #expect(await listener.start())
            // Postgres takes payloads shorter than 8000 bytes; multi-byte text counts in bytes.
            let largest = String(repeating: "é", count: 3999) + "x"
            #expect(largest.utf8.count == 7999)
            try await database.execute("SELECT pg_notify(\(channel), \(largest))")
            await #expect(throws: DatabaseError.self) {
                try await database.execute("SELECT pg_notify(\(channel), \(largest + "x"))")
            }
            try await database.execute("SELECT pg_notify(\(channel), \("after"))")
            let received = try await events.wait(forCount: 2)
            #expect(received == [.notification(payload: largest), .notification(payload: "after")])
        }
    }

    @Test func closeEndsStreamsAndLaterSubscriptionsAreInert() async throws {
        try await withListener { listener, _ in
            let stream = await listener.notifications(on: Self.channel("closing"))
            #expect(await listener.start())
            let drained = Task { for await _ in stream {} }
            await listener.close()
            await drained.value
            #expect(!listener.isConnected)
            var iterator = await listener.notifications(on: Self.channel("late")).makeAsyncIterator()
            #expect(await iterator.next() == nil)
        }
    }

    @Test func cancelledSubscriptionsGetNothingMore() async throws {
        try await withListener { listener, database in
            let channel = Self.channel("cancel")
            let kept = EventRecorder<PostgresListener.Event>()
            let cancelled = EventRecorder<PostgresListener.Event>()
            _ = await listener.listen(on: channel) { kept.append($0) }
            let subscription = await listener.listen(on: channel) { cancelled.append($0) }
            #expect(await listener.start())
            try await database.execute("SELECT pg_notify(\(channel), \("one"))")
            _ = try await cancelled.wait(forCount: 1)
            subscription.cancel()
            try await database.execute("SELECT pg_notify(\(channel), \("two"))")
            #expect(try await kept.wait(forCount: 2) == [.notification(payload: "one"), .notification(payload: "two")])
            #expect(cancelled.elements == [.notification(payload: "one")])
        }
    }

    @Test func anUnreachableServerIsRetriedAndReportedDisconnected() async throws {
        var info = try info()
        info.parameters.removeAll { $0.key == "host" }
        info.host = "/nonexistent-socket-folder"
        let listener = PostgresListener(info: info, logger: TestEnvironment.logger)
        #expect(await listener.start() == false)
        #expect(!listener.isConnected)
        await listener.close()
    }
}
