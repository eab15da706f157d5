/// Received bytes not yet consumed by the parser.
struct InboundBuffer {
    private var storage: [UInt8] = []
    private var start = 0

    var isEmpty: Bool { start == storage.count }
    var count: Int { storage.count - start }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        storage.append(contentsOf: bytes)
    }

    func withUnreadBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        storage.withUnsafeBytes { raw in body(UnsafeRawBufferPointer(rebasing: raw[start...])) }
    }

    mutating func consume(_ n: Int) { start += n }

    /// Drops consumed bytes once they dominate the buffer.
    mutating func compact() {
        if start == storage.count {
            storage.removeAll(keepingCapacity: storage.capacity <= 64 * 1024)
            start = 0
        } else if start > 4096 && start * 2 > storage.count {
            storage.removeFirst(start)
            start = 0
        }
    }

    /// Takes every unread byte.
    mutating func readAll() -> [UInt8] {
        defer {
            storage = []
            start = 0
        }
        return Array(storage[start...])
    }
}
