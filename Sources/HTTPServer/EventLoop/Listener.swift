import Dispatch
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Accepts connections on a listening socket and spreads them over the loops.
// @unchecked Sendable: `next`, `source`, `paused` are mutable; protected by `queue`; checked by dispatchPrecondition.
final class Listener: @unchecked Sendable {
    private let fd: Int32
    private let group: EventLoopGroup
    private let queue = DispatchQueue(label: "listener", qos: .userInitiated)
    private let makeHandler: @Sendable (ConnectionHandle) -> any ConnectionProtocolHandler
    private let logger: Logger
    private var source: (any DispatchSourceRead)?
    private var next = 0
    private var paused = false

    init(
        fd: Int32, group: EventLoopGroup, logger: Logger,
        makeHandler: @escaping @Sendable (ConnectionHandle) -> any ConnectionProtocolHandler
    ) {
        self.fd = fd
        self.group = group
        self.logger = logger
        self.makeHandler = makeHandler
    }

    func start() {
        queue.sync {
            let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
            source.setEventHandler { [unowned self] in acceptAll() }
            source.setCancelHandler { [fd] in Glibc.close(fd) }
            self.source = source
            source.resume()
        }
    }

    /// Stops accepting and closes the listening socket.
    func stop() {
        queue.sync {
            if paused { source?.resume() }
            paused = false
            source?.cancel()
            source = nil
        }
    }

    private func acceptAll() {
        dispatchPrecondition(condition: .onQueue(queue))
        while true {
            let accepted: (fd: Int32, address: String)?
            do {
                accepted = try Socket.accept(fd)
            } catch {
                if error.errno == EMFILE || error.errno == ENFILE || error.errno == ENOBUFS || error.errno == ENOMEM {
                    backOff(error)
                } else {
                    logger.warning("accept failed", metadata: ["error": "\(error)"])
                }
                return
            }
            guard let (clientFD, address) = accepted else { return }
            let loop = group.loops[next % group.loops.count]
            next &+= 1
            let makeHandler = self.makeHandler
            loop.execute {
                let connection = Connection(fd: clientFD, loop: loop, remoteAddress: address)
                connection.handler = makeHandler(ConnectionHandle(connection: connection))
                connection.start()
            }
        }
    }

    /// Out of descriptors: pause accepting briefly instead of spinning on a
    /// readable listener we cannot drain.
    private func backOff(_ error: Socket.Failure) {
        guard !paused, let source else { return }
        logger.error("accept paused: out of file descriptors", metadata: ["error": "\(error)"])
        paused = true
        source.suspend()
        queue.asyncAfter(deadline: .now() + .milliseconds(100)) { [self] in
            guard paused, let source = self.source else { return }
            paused = false
            source.resume()
        }
    }
}
