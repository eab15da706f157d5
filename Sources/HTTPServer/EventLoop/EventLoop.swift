import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One serial queue that owns a set of connections and everything they touch.
///
/// Connections are created, read, written, timed out and closed only on
/// their loop's queue; handlers running elsewhere hop back with `execute`.
// @unchecked Sendable: `connections`, `readBuffer`, `sweepTimer` are mutable; protected by `queue`; checked by dispatchPrecondition in every accessor.
public final class EventLoop: @unchecked Sendable {
    /// The serial queue of this loop (internal: outside code hops on with `execute`, never `sync`).
    let queue: DispatchQueue
    /// Position of this loop in its group.
    public let index: Int

    private var connections: [ObjectIdentifier: Connection] = [:]
    /// `connections.count`, readable from any thread without hopping onto the loop.
    private let connectionTally = Atomic<Int>(0)
    /// Request ids: a random prefix per loop and a counter, unique without a syscall per request.
    private let requestIDPrefix: String
    private var requestCounter: UInt64 = 0
    private var sweepTimer: (any DispatchSourceTimer)?
    /// Scratch buffer every read on this loop goes through.
    let readBuffer: UnsafeMutableRawBufferPointer

    init(index: Int, qos: DispatchQoS) {
        self.index = index
        queue = DispatchQueue(label: "event-loop-\(index)", qos: qos)
        readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        var generator = SystemRandomNumberGenerator()
        requestIDPrefix = EventLoop.hex(generator.next())
        queue.setSpecific(key: Self.identity, value: ObjectIdentifier(self))
    }

    /// Marks each loop's queue with its loop, so code can tell whether it already runs there.
    private static let identity = DispatchSpecificKey<ObjectIdentifier>()

    /// Whether the caller runs on this loop's queue (a task that prefers the loop, or a handler).
    var inEventLoop: Bool { DispatchQueue.getSpecific(key: Self.identity) == ObjectIdentifier(self) }

    /// A fresh request id (32 hex digits).
    func nextRequestID() -> String {
        dispatchPrecondition(condition: .onQueue(queue))
        requestCounter &+= 1
        return requestIDPrefix + EventLoop.hex(requestCounter)
    }

    private static func hex(_ value: UInt64) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }

    deinit { readBuffer.deallocate() }

    /// Runs `work` on this loop.
    public func execute(_ work: @escaping @Sendable () -> Void) { queue.async(execute: work) }

    /// Runs `work` on this loop and waits for it without blocking a thread (safe from
    /// a task that prefers this loop, where `queue.sync` would deadlock).
    func submit(_ work: @escaping @Sendable () -> Void) async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            queue.async {
                work()
                done.resume()
            }
        }
    }

    func register(_ connection: Connection) {
        dispatchPrecondition(condition: .onQueue(queue))
        if connections.updateValue(connection, forKey: ObjectIdentifier(connection)) == nil {
            connectionTally.wrappingAdd(1, ordering: .relaxed)
        }
    }

    func unregister(_ connection: Connection) {
        dispatchPrecondition(condition: .onQueue(queue))
        if connections.removeValue(forKey: ObjectIdentifier(connection)) != nil {
            connectionTally.wrappingSubtract(1, ordering: .relaxed)
        }
    }

    /// Number of open connections (on this loop); safe from any thread.
    var connectionCount: Int { connectionTally.load(ordering: .relaxed) }

    /// Checks every connection's deadline each `interval`.
    func startSweeping(every interval: DispatchTimeInterval) {
        queue.async { [self] in
            let timer = DispatchSource.makeTimerSource(queue: queue)
            timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(5))
            timer.setEventHandler { [unowned self] in
                let now = DispatchTime.now().uptimeNanoseconds
                for connection in connections.values { connection.checkDeadline(now: now) }
            }
            timer.resume()
            sweepTimer = timer
        }
    }

    /// Asks every connection to finish politely (shutdown).
    func beginShutdown() {
        dispatchPrecondition(condition: .onQueue(queue))
        for connection in connections.values { connection.beginShutdown() }
    }

    /// Closes every connection at once (grace period over).
    func closeAll() {
        dispatchPrecondition(condition: .onQueue(queue))
        for connection in connections.values { connection.close() }
        sweepTimer?.cancel()
        sweepTimer = nil
    }
}

/// Handler tasks prefer their connection's loop: a request's work starts and
/// resumes where its connection lives, so answering it costs no thread hand-off
/// (work that blocks still goes to its own executor, as everywhere).
extension EventLoop: TaskExecutor {
    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}

/// A fixed set of loops; new connections are spread round-robin.
final class EventLoopGroup: Sendable {
    let loops: [EventLoop]

    init(count: Int) {
        loops = (0..<max(1, count)).map { EventLoop(index: $0, qos: .userInitiated) }
    }
}
