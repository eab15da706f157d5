import Chat
import Foundation
import Synchronization

/// Stored analyses parsed, shared by every chat socket and the MCP tools: parsing the JSON was the
/// largest cost of answering a question (of a socket's first question above all, when many sockets
/// talk about one track) and a third of an MCP `get_track`. An entry is used while the track's stored
/// bytes stay the same.
final class ParsedAnalyses: Sendable {
    private struct Entry {
        let data: Data
        let value: JSONValue?
        var lastUse: UInt64
    }

    private let entries = Mutex<(byTrack: [UUID: Entry], clock: UInt64)>(([:], 0))
    /// Tracks kept; the least recently used goes first.
    let capacity: Int

    /// - Parameter capacity: tracks kept, > 0; default 32 (an analysis parses to a few hundred KB).
    init(capacity: Int = 32) {
        self.capacity = max(1, capacity)
    }

    /// The tracks cached, least recently used first.
    var cachedTracks: [UUID] {
        entries.withLock { $0.byTrack.sorted { $0.value.lastUse < $1.value.lastUse }.map(\.key) }
    }

    /// The track's stored analysis parsed as JSON, or nil when it is not valid JSON.
    func value(of track: Track) -> JSONValue? {
        let cached: JSONValue?? = entries.withLock { state in
            state.clock += 1
            guard var entry = state.byTrack[track.id], entry.data == track.analysis else { return nil }
            entry.lastUse = state.clock
            state.byTrack[track.id] = entry
            return .some(entry.value)
        }
        if let cached { return cached }
        let value: JSONValue?
        do {
            value = try JSONValue(parsing: track.analysis)
        } catch {
            value = nil  // The tools report the unreadable analysis to the model.
        }
        entries.withLock { state in
            state.clock += 1
            state.byTrack[track.id] = Entry(data: track.analysis, value: value, lastUse: state.clock)
            if state.byTrack.count > capacity, let oldest = state.byTrack.min(by: { $0.value.lastUse < $1.value.lastUse }) {
                state.byTrack[oldest.key] = nil
            }
        }
        return value
    }
}
