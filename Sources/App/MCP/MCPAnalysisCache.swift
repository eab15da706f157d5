import Chat
import Foundation
import Synchronization

/// Recently parsed track analyses, reused while a track's stored analysis bytes stay the same:
/// parsing the stored JSON was a third of a `get_track` call, and clients poll tracks.
final class MCPAnalysisCache: Sendable {
    private let entries = Mutex<[UUID: (data: Data, value: JSONValue?)]>([:])
    /// Most tracks kept, > 0.
    let capacity: Int

    /// - Parameter capacity: most tracks kept; default 64 (analyses are a few KB to a few hundred KB).
    init(capacity: Int = 64) { self.capacity = max(1, capacity) }

    /// The track's analysis parsed; nil when it is not valid JSON (the tools report it as unreadable).
    func analysis(of track: Track) -> JSONValue? {
        if let cached = entries.withLock({ $0[track.id] }), cached.data == track.analysis { return cached.value }
        let value: JSONValue?
        do {
            value = try JSONValue(parsing: track.analysis)
        } catch {
            value = nil
        }
        entries.withLock { entries in
            // Any entry makes room: a miss costs one parse, and tracks polled often come straight back.
            if entries[track.id] == nil, entries.count >= capacity, let victim = entries.keys.first { entries[victim] = nil }
            entries[track.id] = (track.analysis, value)
        }
        return value
    }
}
