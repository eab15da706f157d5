import Synchronization

/// Counts the chat sockets each user holds open, so one account cannot hold an unbounded
/// number: each keeps a connection, a hub subscription and a conversation of up to 64 KiB.
/// The API key is an administrator (and what benchmarks and server-to-server clients use),
/// so it is not counted.
final class ChatSocketRegistry: Sendable {
    /// Open sockets one user may hold (CHAT_MAX_SOCKETS_PER_USER), > 0.
    let maxPerUser: Int
    private let open = Mutex<[Int64: Int]>([:])

    /// - Parameter maxPerUser: open sockets one user may hold, > 0.
    init(maxPerUser: Int) {
        self.maxPerUser = max(1, maxPerUser)
    }

    /// A place for a socket of `identity`; nil when the user already holds `maxPerUser`.
    /// The returned slot must be released exactly once, when the socket's session ends.
    func admit(_ identity: Identity) -> Slot? {
        guard case .user(let id, _) = identity else { return Slot(registry: self, userID: nil) }
        let admitted = open.withLock { open in
            guard open[id, default: 0] < maxPerUser else { return false }
            open[id, default: 0] += 1
            return true
        }
        return admitted ? Slot(registry: self, userID: id) : nil
    }

    /// Sockets `userID` holds open now.
    func count(for userID: Int64) -> Int { open.withLock { $0[userID] ?? 0 } }

    /// Sockets held open by all users together (the API key's are not counted).
    var total: Int { open.withLock { $0.values.reduce(0, +) } }

    fileprivate func release(_ userID: Int64) {
        open.withLock { open in
            let left = (open[userID] ?? 1) - 1
            // No entry is kept for a user with no socket, so the table shrinks as sockets close.
            open[userID] = left > 0 ? left : nil
        }
    }

    /// One admitted socket's place.
    struct Slot: Sendable {
        fileprivate let registry: ChatSocketRegistry
        fileprivate let userID: Int64?

        /// Gives the place back.
        func release() {
            if let userID { registry.release(userID) }
        }
    }
}
