public import Foundation
import Synchronization

/// A change to a track that watchers (WebSocket sessions) are told about.
public enum TrackEvent: Sendable, Equatable {
    /// The track's status changed (`analyzing`, `ready`, `failed`).
    case status(status: String, message: String)
    /// An agent started, finished or failed (`running`, `complete`, `failed`).
    case progress(agent: String, state: String)
}

/// Publishes track events to their subscribers. In process for one replica; a
/// Postgres LISTEN/NOTIFY hub would implement the same protocol when scaling out.
public protocol EventHub: Sendable {
    /// A stream of events for `trackID` from now on; ends when the subscriber stops iterating.
    func subscribe(to trackID: UUID) -> AsyncStream<TrackEvent>
    /// Sends `event` to every subscriber of `trackID`.
    func publish(_ event: TrackEvent, for trackID: UUID)
}

/// The in-process hub: a registry of continuations behind a lock.
public final class InProcessEventHub: EventHub {
    private struct Subscriber {
        let id: UInt64
        let continuation: AsyncStream<TrackEvent>.Continuation
    }

    private let subscribers = Mutex<(next: UInt64, byTrack: [UUID: [Subscriber]])>((0, [:]))

    /// An empty hub.
    public init() {}

    public func subscribe(to trackID: UUID) -> AsyncStream<TrackEvent> {
        // A slow watcher keeps only the newest events: status is always re-sendable from the database.
        let (stream, continuation) = AsyncStream<TrackEvent>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let id = subscribers.withLock { state in
            state.next += 1
            state.byTrack[trackID, default: []].append(Subscriber(id: state.next, continuation: continuation))
            return state.next
        }
        continuation.onTermination = { [weak self] _ in self?.remove(id, from: trackID) }
        return stream
    }

    public func publish(_ event: TrackEvent, for trackID: UUID) {
        let targets = subscribers.withLock { $0.byTrack[trackID] ?? [] }
        for subscriber in targets { subscriber.continuation.yield(event) }
    }

    /// Number of live subscriptions (for tests and metrics).
    public var subscriberCount: Int { subscribers.withLock { $0.byTrack.values.reduce(0) { $0 + $1.count } } }

    private func remove(_ id: UInt64, from trackID: UUID) {
        subscribers.withLock { state in
            state.byTrack[trackID]?.removeAll { $0.id == id }
            if state.byTrack[trackID]?.isEmpty == true { state.byTrack[trackID] = nil }
        }
    }
}
