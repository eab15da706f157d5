import Foundation
import Synchronization

/// The open MCP sessions (Streamable HTTP "Session management"): an id issued at initialize,
/// bound to the identity that opened it and the protocol version it negotiated.
///
/// Bounded: sessions idle past `idleTimeout` end, and when `capacity` are open the least
/// recently used one ends to make room, so clients that never send DELETE cannot grow it.
final class MCPSessions: Sendable {
    /// One session.
    struct Session: Sendable, Equatable {
        let id: String
        let identity: Identity
        let protocolVersion: String
        var lastUsed: Date
    }

    private let sessions = Mutex<[String: Session]>([:])
    let idleTimeout: TimeInterval
    let capacity: Int
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - idleTimeout: seconds without a request after which a session ends, > 0; default 1 hour.
    ///   - capacity: most open sessions, > 0; default 10,000.
    ///   - now: the clock; tests move it.
    init(idleTimeout: TimeInterval = 3600, capacity: Int = 10_000, now: @escaping @Sendable () -> Date = { Date() }) {
        self.idleTimeout = idleTimeout
        self.capacity = max(1, capacity)
        self.now = now
    }

    /// Opens a session for `identity`.
    /// - Returns: its id: 32 hex digits from the secure random source (visible ASCII, as the transport requires).
    func open(identity: Identity, protocolVersion: String) -> String {
        let id = Crypto.hex(Crypto.randomBytes(16))
        let time = now()
        sessions.withLock { sessions in
            sessions = sessions.filter { time.timeIntervalSince($0.value.lastUsed) < idleTimeout }
            if sessions.count >= capacity, let oldest = sessions.values.min(by: { $0.lastUsed < $1.lastUsed }) {
                sessions[oldest.id] = nil
            }
            sessions[id] = Session(id: id, identity: identity, protocolVersion: protocolVersion, lastUsed: time)
        }
        return id
    }

    /// The live session `id` of `identity`, marked as used; nil when unknown, ended, idle too long or
    /// opened by someone else (a session id is not a credential).
    func session(_ id: String, identity: Identity) -> Session? {
        let time = now()
        return sessions.withLock { sessions in
            guard var session = sessions[id], session.identity == identity else { return nil }
            guard time.timeIntervalSince(session.lastUsed) < idleTimeout else {
                sessions[id] = nil
                return nil
            }
            session.lastUsed = time
            sessions[id] = session
            return session
        }
    }

    /// Ends session `id` of `identity`.
    /// - Returns: whether there was such a session.
    func close(_ id: String, identity: Identity) -> Bool {
        guard session(id, identity: identity) != nil else { return false }
        return sessions.withLock { $0.removeValue(forKey: id) != nil }
    }

    /// Open sessions, expired ones included until the next `open`.
    var count: Int { sessions.withLock { $0.count } }
}
