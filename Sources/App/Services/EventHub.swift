public import Foundation
import Synchronization

/// A change to a track that watchers (WebSocket sessions) are told about.
public enum TrackEvent: Sendable, Equatable {
    /// The track's status changed (`analyzing`, `ready`, `failed`).
    case status(status: String, message: String)
    /// An agent started, finished or failed (`running`, `complete`, `failed`).
    case progress(agent: String, state: String)
    /// Events may have been missed (the hub lost its link to other replicas and has it back):
    /// a subscriber re-reads the track's state. Only hubs deliver it; nobody publishes it.
    case resync
}

/// Publishes track events to their subscribers: in process for one replica
/// (`InProcessEventHub`), through Postgres LISTEN/NOTIFY across replicas (`PostgresEventHub`).
public protocol EventHub: Sendable {
    /// A stream of events for `trackID` from now on; ends when the subscriber stops iterating.
    func subscribe(to trackID: UUID) -> AsyncStream<TrackEvent>
    /// Sends `event` to every subscriber of `trackID`, in publish order per track. Never blocks.
    func publish(_ event: TrackEvent, for trackID: UUID)
    /// Opens what the hub needs before events flow (called once at boot).
    func start() async
    /// Sends what is still queued, within a short bound, and releases the hub's resources.
    func shutdown() async
}

extension EventHub {
    /// Nothing to open.
    public func start() async {}
    /// Nothing to release.
    public func shutdown() async {}
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

    /// Sends `event` to every subscriber of every track (`.resync` after a reconnection).
    public func publishToAll(_ event: TrackEvent) {
        let targets = subscribers.withLock { $0.byTrack.values.flatMap { $0 } }
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
