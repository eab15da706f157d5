import Dispatch

/// Speaks HTTP/1.1 on one connection: parses requests, hands them to the
/// responder one at a time (pipelined requests wait their turn) and writes the
/// responses in order. The I/O shell of `HTTP1ConnectionStateMachine`, which
/// decides keep-alive, timeouts and closing. Confined to the connection's loop.
// @unchecked Sendable: all state is mutable; protected by the connection's loop queue (closures hop there with `handle.execute`); checked by dispatchPrecondition in the entry points.
final class HTTP1Handler: ConnectionProtocolHandler, @unchecked Sendable {
    private let handle: ConnectionHandle
    private let configuration: Server.Configuration
    private let responder: any HTTPResponder
    private var parser: HTTPRequestParser
    private var inbound = InboundBuffer()
    private var exchange: Exchange?
    private var exchangeCounter = 0
    private var state: HTTP1ConnectionStateMachine
    /// When the machine's timer fires, in `DispatchTime` nanoseconds.
    private var deadline: (at: UInt64, timer: HTTP1ConnectionStateMachine.Timer)?
    private var dates = HTTPDateCache()

    /// What one request/response exchange needs for I/O and its access-log line
    /// (its progress lives in the state machine).
    private final class Exchange {
        let id: Int
        let head: HTTPRequestHead
        let body: RequestBody?
        let requestID: String
        let start: UInt64
        var discardedBytes = 0
        var continueSent = false
        var bytesSent = 0
        var status = 0
        /// The route pattern that answered, for the access record.
        var route: String?
        /// Whether the access log has its line for this exchange.
        var logged = false

        init(id: Int, head: HTTPRequestHead, body: RequestBody?, requestID: String, start: UInt64) {
            self.id = id
            self.head = head
            self.body = body
            self.requestID = requestID
            self.start = start
        }
    }

    init(handle: ConnectionHandle, configuration: Server.Configuration, responder: any HTTPResponder) {
        self.handle = handle
        self.configuration = configuration
        self.responder = responder
        parser = HTTPRequestParser(limits: configuration.limits)
        let timeouts = configuration.timeouts
        state = HTTP1ConnectionStateMachine(
            configuration: .init(
                idle: .seconds(timeouts.idle), header: .seconds(timeouts.header),
                bodyInactivity: .seconds(timeouts.bodyInactivity), maxDiscardBytes: Self.maxDiscardBytes))
        perform(state.start())
    }

    // MARK: Input

    func didRead(_ bytes: UnsafeRawBufferPointer) {
        dispatchPrecondition(condition: .onQueue(handle.loop.queue))
        inbound.append(bytes)
        perform(state.bytesReceived())
        process()
    }

    func didReadEOF() {
        dispatchPrecondition(condition: .onQueue(handle.loop.queue))
        perform(state.peerClosedInput())
    }

    /// Parses as far as the current state allows.
    private func process() {
        while !handle.isClosed {
            if let exchange {
                // The next pipelined request waits until this response is done.
                if !state.isReceivingBody { break }
                if exchange.body?.isPaused == true { break }
            } else if state.shuttingDown, inbound.isEmpty {
                break
            }
            let step: (consumed: Int, part: HTTPRequestPart?)
            switch inbound.withUnreadBytes({ bytes in Result { () throws(HTTPParseError) in try parser.next(bytes) } }) {
            case .success(let result): step = result
            case .failure(let error):
                failParse(error)
                return
            }
            inbound.consume(step.consumed)
            guard let part = step.part else {
                if step.consumed == 0 { break }
                continue
            }
            switch part {
            case .head(let head): begin(head)
            case .body(let bytes): deliver(bytes)
            case .end: endBody()
            }
        }
        inbound.compact()
        // Unparsed input beyond one request's worth means a pipelining flood: stop reading.
        if inbound.count > configuration.limits.maxHeaderBytes * 2 {
            handle.suspendReading()
        }
    }

    private func begin(_ head: HTTPRequestHead) {
        exchangeCounter += 1
        let id = exchangeCounter
        let body: RequestBody? =
            head.framing == .none
            ? nil
            : RequestBody(maxBytes: configuration.limits.defaultMaxBodyBytes) {
                [handle] in handle.execute { [weak self] in self?.bodyDemanded(id) }
            }
        let requestID = Self.clientRequestID(head.headers) ?? handle.loop.nextRequestID()
        let start = DispatchTime.now().uptimeNanoseconds
        let exchange = Exchange(id: id, head: head, body: body, requestID: requestID, start: start)
        self.exchange = exchange
        perform(state.headReceived(keepAlive: head.keepAlive, hasBody: body != nil))
        let request = Request(
            head: head, body: body ?? RequestBody.empty(), remoteAddress: handle.remoteAddress, id: requestID,
            startNanoseconds: start
        )
        switch responder.respond(to: request) {
        case .ready(let response):
            send(response, for: exchange)
        case .pending(let work):
            Task(executorPreference: handle.loop) { [handle] in
                let response = await work()
                handle.execute { [weak self] in
                    guard let self, let current = self.exchange, current.id == id else { return }
                    self.send(response, for: current)
                }
            }
        }
    }

    private func deliver(_ bytes: [UInt8]) {
        guard let exchange, let body = exchange.body else { return }
        if state.isDiscardingBody {
            // The response went out before the body was read: drop the rest, within reason.
            exchange.discardedBytes += bytes.count
            if exchange.discardedBytes > Self.maxDiscardBytes { handle.close() }
            return
        }
        switch body.append(bytes) {
        case .more: break
        case .pause: perform(state.bodyPaused())
        case .tooLarge: perform(state.bodyOverflowed())
        }
    }

    private func endBody() {
        guard let exchange else { return }
        exchange.body?.finish()
        perform(state.bodyEnded(inputEmpty: inbound.isEmpty))
    }

    private func bodyDemanded(_ id: Int) {
        dispatchPrecondition(condition: .onQueue(handle.loop.queue))
        guard let exchange, exchange.id == id, !handle.isClosed else { return }
        if exchange.head.expectsContinue, !exchange.continueSent, !state.responseStarted, state.isReceivingBody {
            exchange.continueSent = true
            handle.write(HTTPResponseWriter.continueResponse)
        }
        perform(state.bodyDemanded())
    }

    private func failParse(_ error: HTTPParseError) {
        exchange?.body?.fail(error)
        let response = HTTPError(error.status, message: error.message).response()
        let bytes =
            HTTPResponseWriter.head(
                response, framing: .length(bodyCount(response)), keepAlive: false, requestVersion: .http1_1, date: dates.now()
            ) + bodyBytes(response)
        // A malformed body (bad chunk) ends an exchange whose head was fine: it gets its line,
        // with the 400 that answers it, unless its own response already went out.
        if let exchange, !state.responseStarted {
            exchange.status = error.status.code
            exchange.bytesSent = bodyCount(response)
            log(exchange)
        }
        perform(state.parseFailed())
        handle.write(bytes)
        handle.closeGracefully(drainSeconds: configuration.timeouts.drainSeconds)
        configuration.onParseError?(error, handle.remoteAddress)
    }

    // MARK: Output

    /// The status logged for an exchange the client abandoned (nginx's "client closed request").
    static let clientClosedRequest = 499

    /// Most body bytes we read and drop after answering early, before closing instead.
    static let maxDiscardBytes = 256 * 1024
    private var drainWaiters: [CheckedContinuation<Void, any Error>] = []

    private func send(_ response: Response, for exchange: Exchange) {
        dispatchPrecondition(condition: .onQueue(handle.loop.queue))
        guard !state.responseStarted, !handle.isClosed else { return }
        exchange.status = response.status.code
        exchange.route = response.route
        var unread: Int?
        if !state.isBodyComplete, let body = exchange.body, !body.wasDemanded || !state.isReceivingBody {
            // Nobody will read the rest of this body: how much the client still owes (unknown: chunked).
            unread = exchange.head.framing.declaredLength.map { $0 - body.receivedCount } ?? Int.max
        }
        let (keepAlive, actions) = state.responseStarted(closeRequested: response.closeConnection, unreadBodyBytes: unread)
        perform(actions)
        if response.status.code == 101, let upgrade = response.upgrade {
            upgradeConnection(response, upgrade: upgrade, exchange: exchange)
            return
        }
        let isHead = exchange.head.method == .head
        switch response.body {
        case .bytes(let bytes):
            var out = HTTPResponseWriter.head(
                response, framing: .length(bytes.count), keepAlive: keepAlive,
                requestVersion: exchange.head.version, date: dates.now())
            if !isHead && response.status.allowsBody { out += bytes }
            exchange.bytesSent = isHead ? 0 : bytes.count
            handle.write(out)
            responseFinished(exchange)
        case .stream(let length, let producer):
            let framing: HTTPResponseWriter.Framing
            if let length {
                framing = .length(length)
            } else if exchange.head.version == .http1_0 {
                framing = .closeDelimited
                state.responseEndsByClosing()
            } else {
                framing = .chunked
            }
            handle.write(
                HTTPResponseWriter.head(
                    response, framing: framing, keepAlive: keepAlive && framing != .closeDelimited,
                    requestVersion: exchange.head.version, date: dates.now()))
            if isHead || !response.status.allowsBody {
                responseFinished(exchange)
            } else {
                stream(producer, framing: framing, exchange: exchange)
            }
        }
    }

    private func stream(
        _ producer: @escaping @Sendable (ResponseBodyWriter) async throws -> Void,
        framing: HTTPResponseWriter.Framing, exchange: Exchange
    ) {
        let id = exchange.id
        let chunked = framing == .chunked
        let handle = self.handle
        let writer = ResponseBodyWriter { bytes in
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                handle.execute { [weak self] in
                    guard let self, !handle.isClosed, let current = self.exchange, current.id == id else {
                        continuation.resume(throwing: ConnectionClosedError())
                        return
                    }
                    current.bytesSent += bytes.count
                    handle.write(chunked ? HTTPResponseWriter.chunk(bytes) : bytes)
                    if handle.isOutputFull { self.drainWaiters.append(continuation) } else { continuation.resume() }
                }
            }
        }
        // Like a route's task, the producer prefers the connection's loop: each write lands there
        // anyway, and it never waits behind work that fills the shared cooperative pool.
        Task(executorPreference: handle.loop) {
            let failed: Bool
            do {
                try await producer(writer)
                failed = false
            } catch {
                failed = true
            }
            handle.execute { [weak self] in
                guard let self, let current = self.exchange, current.id == id else { return }
                if failed {
                    // The head is out: the only honest signal left is an aborted message.
                    handle.close()
                    return
                }
                if chunked { handle.write(HTTPResponseWriter.lastChunk) }
                self.responseFinished(current)
            }
        }
    }

    func didDrainOutput() {
        dispatchPrecondition(condition: .onQueue(handle.loop.queue))
        let waiters = drainWaiters
        drainWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    private func responseFinished(_ exchange: Exchange) {
        log(exchange)
        perform(state.responseFinished(inputEmpty: inbound.isEmpty))
    }

    private func upgradeConnection(_ response: Response, upgrade: any ConnectionUpgrade, exchange: Exchange) {
        handle.write(
            HTTPResponseWriter.head(
                response, framing: .length(0), keepAlive: true, requestVersion: exchange.head.version, date: dates.now()))
        exchange.bytesSent = 0
        log(exchange)
        perform(state.upgraded())
        let next = upgrade.makeHandler(for: handle)
        handle.setHandler(next)
        let leftover = inbound.readAll()
        if !leftover.isEmpty { leftover.withUnsafeBytes { next.didRead($0) } }
    }

    /// Writes the exchange's access-log line, once.
    private func log(_ exchange: Exchange, aborted: Bool = false) {
        guard !exchange.logged else { return }
        exchange.logged = true
        var record = AccessRecord(
            method: exchange.head.method.rawValue, path: exchange.head.path, status: exchange.status,
            bytes: exchange.bytesSent,
            durationMilliseconds: Double(DispatchTime.now().uptimeNanoseconds - exchange.start) / 1e6,
            requestID: exchange.requestID, remoteAddress: handle.remoteAddress)
        record.aborted = aborted
        record.route = exchange.route
        configuration.onResponse?(record)
    }

    // MARK: Timeouts and shutdown

    func checkDeadline(now: UInt64) {
        dispatchPrecondition(condition: .onQueue(handle.loop.queue))
        guard let deadline, now >= deadline.at else { return }
        self.deadline = nil
        perform(state.timerFired(deadline.timer))
    }

    func beginShutdown() {
        dispatchPrecondition(condition: .onQueue(handle.loop.queue))
        perform(state.shutdownRequested())
    }

    func didClose() {
        dispatchPrecondition(condition: .onQueue(handle.loop.queue))
        state.closed()
        deadline = nil
        exchange?.body?.fail(ConnectionClosedError())
        if let exchange, !exchange.logged {
            // The exchange ended without a complete response (an upload cut short, a short body,
            // a reset mid-response): still one line, marked aborted; 499 when no response began.
            if exchange.status == 0 { exchange.status = Self.clientClosedRequest }
            log(exchange, aborted: true)
        }
        exchange = nil
        let waiters = drainWaiters
        drainWaiters.removeAll()
        for waiter in waiters { waiter.resume(throwing: ConnectionClosedError()) }
    }

    /// Carries out the state machine's actions, in order.
    private func perform(_ actions: [HTTP1ConnectionStateMachine.Action]) {
        for action in actions {
            switch action {
            case .scheduleTimer(let timer, let after):
                let nanoseconds = UInt64(after.components.seconds) * 1_000_000_000 + UInt64(after.components.attoseconds / 1_000_000_000)
                deadline = (DispatchTime.now().uptimeNanoseconds + nanoseconds, timer)
            case .cancelTimer:
                deadline = nil
            case .failBody(.connectionClosed):
                exchange?.body?.fail(ConnectionClosedError())
            case .failBody(.timedOut):
                exchange?.body?.fail(HTTPError(.requestTimeout))
            case .logAborted(let status):
                if let exchange {
                    exchange.status = status
                    log(exchange, aborted: true)
                }
            case .endExchange:
                exchange = nil
            case .sendRequestTimeout:
                let response = HTTPError(.requestTimeout, message: "Request timeout").response()
                handle.write(
                    HTTPResponseWriter.head(
                        response, framing: .length(bodyCount(response)), keepAlive: false, requestVersion: .http1_1,
                        date: dates.now()) + bodyBytes(response))
                handle.closeGracefully(drainSeconds: configuration.timeouts.drainSeconds)
            case .closeAfterWriting:
                handle.closeGracefully(drainSeconds: configuration.timeouts.drainSeconds)
            case .close:
                handle.close()
            case .resumeReading:
                handle.resumeReading()
                process()
            }
        }
    }

    // MARK: Helpers

    private func bodyBytes(_ response: Response) -> [UInt8] {
        if case .bytes(let bytes) = response.body { return bytes }
        return []
    }

    private func bodyCount(_ response: Response) -> Int { bodyBytes(response).count }

    /// The client's X-Request-ID when it is short and plain (token characters only).
    static func clientRequestID(_ headers: HTTPHeaders) -> String? {
        guard let given = headers["x-request-id"], (1...128).contains(given.utf8.count),
            given.utf8.allSatisfy({ HTTPHeadParser.isTokenByte($0) })
        else { return nil }
        return given
    }
}
