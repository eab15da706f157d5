internal import CLibPQ
internal import Dispatch
internal import Foundation

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// One libpq connection, confined to its own serial queue.
///
/// libpq's calls block on the socket, so each pooled connection owns a
/// Dispatch queue (a thread from Dispatch's pool, never a loop queue or the
/// concurrency pool) and every call runs there.
// @unchecked Sendable: the PGconn handle; protected by `queue` (every use goes through `perform`); checked by dispatchPrecondition in `onQueue`.
final class PostgresConnection: @unchecked Sendable {
    private let queue: DispatchQueue
    private var handle: OpaquePointer?

    private init(queue: DispatchQueue, handle: OpaquePointer) {
        self.queue = queue
        self.handle = handle
    }

    /// Connects, then sets the session's time zone, date style and statement timeout.
    /// - Parameters:
    ///   - keywords: libpq connection keywords and values.
    ///   - statementTimeout: the session's `statement_timeout`.
    static func connect(keywords: [(String, String)], statementTimeout: Duration) async throws -> PostgresConnection {
        let queue = DispatchQueue(label: "postgres.connection")
        return try await queue.perform {
            let handle = withCStringArrays(keywords.map(\.0), keywords.map(\.1)) { keys, values in
                PQconnectdbParams(keys, values, 0)
            }
            guard let handle else {
                throw DatabaseError(kind: .connectionFailed, driver: .postgres, message: "libpq could not allocate a connection")
            }
            guard PQstatus(handle) == CONNECTION_OK else {
                let message = PostgresConnection.trimmed(PQerrorMessage(handle))
                PQfinish(handle)
                throw DatabaseError(kind: .connectionFailed, driver: .postgres, message: "cannot connect: \(message)")
            }
            // Notices ("relation already exists, skipping") would otherwise go to stderr.
            PQsetNoticeProcessor(handle, { _, _ in }, nil)
            let connection = PostgresConnection(queue: queue, handle: handle)
            do {
                try connection.executeScript(
                    "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET statement_timeout = \(statementTimeout.milliseconds)")
            } catch {
                PQfinish(handle)
                connection.handle = nil
                throw error
            }
            return connection
        }
    }

    /// Runs work on the connection's queue.
    func perform<T: Sendable>(_ work: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await queue.perform { try work(self) }
    }

    /// Closes the connection on its queue without waiting.
    func close() {
        queue.async {
            PQfinish(self.handle)
            self.handle = nil
        }
    }

    /// Whether an idle connection still works, checked without a round trip.
    ///
    /// An idle connection (we never LISTEN) has nothing to read. If its socket
    /// is readable, the server has spoken out of turn: after a restart that is
    /// "terminating connection due to administrator command" followed by EOF.
    /// libpq would only notice on the next statement, after sending it, when a
    /// retry is no longer safe, so such a connection is replaced instead.
    func isHealthy() async -> Bool {
        (try? await perform { connection in connection.checkHealth() }) ?? false
    }

    private func checkHealth() -> Bool {
        guard let handle = try? onQueue(), PQstatus(handle) == CONNECTION_OK,
            PQtransactionStatus(handle) == PQTRANS_IDLE
        else { return false }
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) == 0
    }

    func onQueue() throws(DatabaseError) -> OpaquePointer {
        dispatchPrecondition(condition: .onQueue(queue))
        guard let handle else {
            throw DatabaseError(
                kind: .connectionFailed, driver: .postgres, code: nil, message: "connection closed",
                sql: nil, values: [], failedBeforeSending: true)
        }
        return handle
    }

    static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "unknown error" }
        return String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Calls `body` with two NULL-terminated arrays of C strings that live for the call.
func withCStringArrays<T>(
    _ first: [String], _ second: [String],
    _ body: (UnsafePointer<UnsafePointer<CChar>?>, UnsafePointer<UnsafePointer<CChar>?>) -> T
) -> T {
    let firstPointers = first.map { UnsafePointer(strdup($0)) } + [nil]
    let secondPointers = second.map { UnsafePointer(strdup($0)) } + [nil]
    defer {
        for pointer in firstPointers + secondPointers { free(UnsafeMutablePointer(mutating: pointer)) }
    }
    return body(firstPointers, secondPointers)
}
