public import Database
public import Foundation
public import Logging
import Synchronization

/// Track events across processes through Postgres LISTEN/NOTIFY: what one replica
/// publishes, every replica's subscribers receive (the publisher's own included).
///
/// `publish` encodes the event (`TrackEventPayload`, under 3.4 KB) and queues it
/// on an `EventLane` without blocking. A sender task per lane sends what its lane
/// holds as one batch: one statement on a pooled connection, one `pg_notify` per
/// event, one batch at a time. Events published together thus cost one
/// transaction, and wake each listening backend once rather than once each;
/// progress events wait up to 20 ms for company, a status event never waits.
/// A track always maps to the same lane, so its events reach Postgres, and
/// therefore every listener, in publish order. Local events take the same route
/// instead of a shortcut, so the order is one order for all replicas.
///
/// The process's `PostgresListener` hands the channel's notifications to an
/// `InProcessEventHub`, which fans them out to this process's subscribers.
/// A payload that does not decode is dropped (debug log). After the listener
/// reconnects, every subscriber gets `.resync`: events sent in between are lost.
public final class PostgresEventHub: EventHub {
    /// The channel track events travel on.
    public static let defaultChannel = "track_events"

    private let channel: String
    private let database: any SQLDatabase
    private let listener: PostgresListener
    private let logger: Logger
    private let local = InProcessEventHub()
    private let lanes: [EventLane]
    private let senders: Task<Void, Never>
    private let subscription = Mutex<PostgresListener.Subscription?>(nil)

    /// Builds the hub; events flow once `start()` has returned.
    /// - Parameters:
    ///   - database: a Postgres database whose pool sends the NOTIFYs.
    ///   - listener: the process's listener on the same server (started by its owner).
    ///   - channel: the NOTIFY channel, 1 to 63 bytes; default `track_events`.
    ///   - lanes: senders working in parallel, each in order for its tracks; ≥ 1; default 4.
    ///   - laneBuffer: events a lane queues while Postgres is slow before it drops its oldest; ≥ 1; default 4096.
    ///   - logger: send failures and malformed payloads.
    public init(
        database: any SQLDatabase, listener: PostgresListener, channel: String = defaultChannel,
        lanes: Int = 4, laneBuffer: Int = 4096, logger: Logger
    ) {
        self.database = database
        self.listener = listener
        self.channel = channel
        self.logger = logger
        let lanes = (0..<max(1, lanes)).map { _ in EventLane(capacity: laneBuffer) }
        self.lanes = lanes
        senders = Task { [database, channel, logger] in
            await withDiscardingTaskGroup { group in
                for (index, lane) in lanes.enumerated() {
                    group.addTask {
                        await Self.send(lane, index: index, channel: channel, database: database, logger: logger)
                    }
                }
            }
        }
    }

    /// Subscribes to the channel on the listener; returns once its LISTEN is in effect (when connected).
    public func start() async {
        let local = local
        let logger = logger
        let subscription = await listener.listen(on: channel) { event in
            switch event {
            case .notification(let payload):
                guard let decoded = TrackEventPayload(text: payload) else {
                    logger.debug("ignored a malformed track event notification", metadata: ["bytes": "\(payload.utf8.count)"])
                    return
                }
                local.publish(decoded.event, for: decoded.trackID)
            case .reconnected:
                local.publishToAll(.resync)
            }
        }
        self.subscription.withLock { $0 = subscription }
    }

    /// Events for `trackID` from now on, from every replica.
    public func subscribe(to trackID: UUID) -> AsyncStream<TrackEvent> {
        local.subscribe(to: trackID)
    }

    /// Queues `event` for every replica's subscribers of `trackID`; returns at once.
    public func publish(_ event: TrackEvent, for trackID: UUID) {
        let payload = TrackEventPayload(trackID: trackID, event: event).text
        // TrackEventPayload bounds its size far below this; Postgres would reject the NOTIFY.
        guard payload.utf8.count < 8000 else {
            logger.error("track event payload too large; dropped", metadata: ["bytes": "\(payload.utf8.count)"])
            return
        }
        // A track's lane is fixed, which is what keeps its events in order.
        let lane = Int(trackID.uuid.15) % lanes.count
        // Progress may wait a moment for company (EventLane.linger); a status goes at once, with what waits before it.
        let lingering = if case .progress = event { true } else { false }
        if !lanes[lane].push(payload, lingering: lingering) {
            logger.warning("track event lane full; dropped its oldest event", metadata: ["lane": "\(lane)"])
        }
    }

    /// Sends what is queued (waiting at most `grace`), then stops receiving.
    /// - Parameter grace: how long queued events may take to go out; default 2 s.
    public func shutdown(grace: Duration) async {
        for lane in lanes { lane.finish() }
        let senders = senders
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await senders.value }
            group.addTask { try? await Task.sleep(for: grace) }  // a cancelled sleep simply ends the wait
            await group.next()
            group.cancelAll()
        }
        senders.cancel()  // past the grace, what is still queued is dropped
        subscription.withLock { $0?.cancel() }
    }

    /// `shutdown(grace:)` with 2 s.
    public func shutdown() async {
        await shutdown(grace: .seconds(2))
    }

    /// Subscriptions on this replica (for tests and metrics).
    public var subscriberCount: Int { local.subscriberCount }

    /// One lane's sender: its batches one after another, each in publish order, so the order holds.
    private static func send(
        _ lane: EventLane, index: Int, channel: String, database: any SQLDatabase, logger: Logger
    ) async {
        var failures = 0
        while let batch = await lane.nextBatch() {
            do {
                // Postgres queues a transaction's notifications in the order they are made and delivers them at commit.
                try await database.execute(
                    """
                    SELECT pg_notify(\(channel), batch.payload)
                    FROM jsonb_array_elements_text(\(try DatabaseJSON(encoding: batch))) WITH ORDINALITY AS batch(payload, position)
                    ORDER BY batch.position
                    """)
                if failures > 0 {
                    logger.info("track events are sent again", metadata: ["lane": "\(index)", "lost": "\(failures)"])
                    failures = 0
                }
            } catch {
                let firstLoss = failures == 0
                failures += batch.count
                // One warning per outage: the subscribers re-read the status once the listener is back.
                logger.log(
                    level: firstLoss ? .warning : .debug, "track events not sent",
                    metadata: ["lane": "\(index)", "events": "\(batch.count)", "error": "\(error)"])
            }
        }
    }
}
