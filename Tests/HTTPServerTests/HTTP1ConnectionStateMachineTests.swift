import Testing

@testable import HTTPServer

/// Keep-alive, timeouts, early responses, EOF and shutdown, driven by a manual clock: no sockets, no sleeping.
@Suite struct HTTP1ConnectionStateMachineTests {
    private typealias Machine = HTTP1ConnectionStateMachine
    private static let timeouts = Machine.Configuration(
        idle: .seconds(60), header: .seconds(10), bodyInactivity: .seconds(30), maxDiscardBytes: 1000)

    /// A connection that carries out the machine's actions on a manual clock and records what it did.
    private struct ManualConnection {
        var machine = Machine(configuration: HTTP1ConnectionStateMachineTests.timeouts)
        var now: Duration = .zero
        var deadline: (at: Duration, timer: Machine.Timer)?
        var log: [String] = []
        var hasExchange = false
        var closedAt: Duration?

        init() { perform(machine.start()) }

        mutating func perform(_ actions: [Machine.Action]) {
            for action in actions {
                switch action {
                case .scheduleTimer(let timer, let after): deadline = (now + after, timer)
                case .cancelTimer: deadline = nil
                case .failBody(let why): log.append("fail body: \(why)")
                case .logAborted(let status): log.append("aborted \(status)")
                case .endExchange: hasExchange = false
                case .sendRequestTimeout:
                    log.append("408")
                    closedAt = now
                case .closeAfterWriting, .close:
                    log.append(action == .close ? "close" : "close after writing")
                    closedAt = now
                case .resumeReading: log.append("read")
                }
            }
        }

        /// Moves the clock, firing the timer when its time comes.
        mutating func advance(by duration: Duration) {
            now += duration
            if let deadline, now >= deadline.at {
                self.deadline = nil
                perform(machine.timerFired(deadline.timer))
            }
        }

        mutating func request(keepAlive: Bool = true, hasBody: Bool = false) {
            perform(machine.bytesReceived())
            perform(machine.headReceived(keepAlive: keepAlive, hasBody: hasBody))
            hasExchange = true
        }

        @discardableResult
        mutating func respond(close: Bool = false, unread: Int? = nil, inputEmpty: Bool = true) -> Bool {
            let (keepAlive, actions) = machine.responseStarted(closeRequested: close, unreadBodyBytes: unread)
            perform(actions)
            perform(machine.responseFinished(inputEmpty: inputEmpty))
            return keepAlive
        }
    }

    @Test func anIdleConnectionClosesAfterTheIdleTimeout() {
        var connection = ManualConnection()
        connection.advance(by: .seconds(59))
        #expect(connection.closedAt == nil)
        connection.advance(by: .seconds(1))
        #expect(connection.closedAt == .seconds(60) && connection.log == ["close"])
    }

    @Test func aSlowHeadGetsA408AfterTheHeaderTimeout() {
        var connection = ManualConnection()
        connection.advance(by: .seconds(5))
        connection.perform(connection.machine.bytesReceived())  // "GET / HT" and then nothing
        connection.advance(by: .seconds(9))
        #expect(connection.closedAt == nil)
        // More bytes of the same head do not extend the slowloris deadline.
        connection.perform(connection.machine.bytesReceived())
        connection.advance(by: .seconds(1))
        #expect(connection.log == ["408"] && connection.closedAt == .seconds(15))
    }

    @Test func keepAliveServesRequestAfterRequestAndRearmsTheIdleTimer() {
        var connection = ManualConnection()
        for _ in 0..<3 {
            connection.advance(by: .seconds(30))
            connection.request()
            #expect(connection.deadline == nil, "no timer while the handler works")
            connection.advance(by: .seconds(120))
            let kept = connection.respond()
            #expect(kept)
            #expect(!connection.hasExchange && connection.deadline?.timer == .idle)
        }
        #expect(connection.closedAt == nil)
        connection.advance(by: .seconds(60))
        #expect(connection.closedAt == .seconds(510))
    }

    @Test func aPipelinedRequestAlreadyBufferedGetsTheHeaderTimerNotTheIdleOne() {
        var connection = ManualConnection()
        connection.request()
        connection.respond(inputEmpty: false)
        #expect(connection.deadline?.timer == .header && connection.deadline?.at == .seconds(10))
        #expect(connection.log.last == "read", "parsing resumes for the waiting request")
    }

    @Test func closeRequestsEndTheConnectionAfterTheResponse() {
        for (keepAlive, close) in [(false, false), (true, true)] {
            var connection = ManualConnection()
            connection.request(keepAlive: keepAlive)
            let kept = connection.respond(close: close)
            #expect(!kept)
            #expect(connection.log == ["fail body: connectionClosed", "close after writing"])
        }
    }

    @Test func aStalledBodyTimesOutWithA408AndAnAbortedLogLine() {
        var connection = ManualConnection()
        connection.request(hasBody: true)
        connection.advance(by: .seconds(20))
        connection.perform(connection.machine.bytesReceived())  // each byte restarts the inactivity timer
        connection.advance(by: .seconds(29))
        #expect(connection.closedAt == nil)
        connection.advance(by: .seconds(1))
        #expect(connection.log == ["fail body: timedOut", "aborted 408", "408"])
        #expect(connection.closedAt == .seconds(50) && !connection.hasExchange)
    }

    @Test func aBodyStalledAfterTheResponseBeganIsCutWithoutA408() {
        var connection = ManualConnection()
        connection.request(hasBody: true)
        connection.perform(connection.machine.bodyDemanded())
        _ = connection.machine.responseStarted(closeRequested: false, unreadBodyBytes: nil)
        connection.perform(connection.machine.bytesReceived())
        connection.advance(by: .seconds(30))
        #expect(connection.log == ["read", "fail body: timedOut", "close"])
    }

    @Test func aPausedBodyNeverTimesOutTheClient() {
        var connection = ManualConnection()
        connection.request(hasBody: true)
        connection.perform(connection.machine.bodyPaused())
        connection.advance(by: .seconds(3600))
        #expect(connection.closedAt == nil && connection.deadline == nil)
        connection.perform(connection.machine.bodyDemanded())
        #expect(connection.deadline?.timer == .bodyInactivity)
    }

    @Test func anEarlyResponseDropsASmallUnreadBodyAndKeepsTheConnection() {
        var connection = ManualConnection()
        connection.request(hasBody: true)
        let kept = connection.respond(unread: 1000)
        #expect(kept)
        #expect(connection.machine.isDiscardingBody && connection.deadline?.timer == .bodyInactivity)
        connection.perform(connection.machine.bodyEnded(inputEmpty: true))
        #expect(!connection.hasExchange && connection.deadline?.timer == .idle && connection.closedAt == nil)
    }

    @Test func anEarlyResponseToALargeOrUnknownBodyClosesTheConnection() {
        for unread in [1001, Int.max] {
            var connection = ManualConnection()
            connection.request(hasBody: true)
            let kept = connection.respond(unread: unread)
            #expect(!kept)
            #expect(connection.log.last == "close after writing")
        }
    }

    @Test func aBodyOverTheLimitClosesAfterTheRefusal() {
        var connection = ManualConnection()
        connection.request(hasBody: true)
        connection.perform(connection.machine.bodyOverflowed())
        #expect(!connection.machine.isReceivingBody && connection.deadline == nil)
        let kept = connection.respond()
        #expect(!kept)
        #expect(connection.log.last == "close after writing")
    }

    @Test func eofBetweenRequestsClosesAndEofMidBodyFailsTheBody() {
        var idle = ManualConnection()
        idle.perform(idle.machine.peerClosedInput())
        #expect(idle.log == ["close"] && idle.deadline == nil)

        var uploading = ManualConnection()
        uploading.request(hasBody: true)
        uploading.perform(uploading.machine.peerClosedInput())
        #expect(uploading.log == ["fail body: connectionClosed", "close"])
    }

    @Test func eofAfterACompleteRequestStillGetsItsResponseThenCloses() {
        var connection = ManualConnection()
        connection.request()
        connection.perform(connection.machine.peerClosedInput())
        #expect(connection.closedAt == nil)
        let kept = connection.respond()
        #expect(!kept)
        #expect(connection.log.last == "close after writing")
    }

    @Test func shutdownClosesAnIdleConnectionAtOnce() {
        var connection = ManualConnection()
        connection.perform(connection.machine.shutdownRequested())
        #expect(connection.log == ["close"] && connection.deadline == nil)
    }

    @Test func shutdownLetsTheCurrentExchangeFinishThenCloses() {
        var connection = ManualConnection()
        connection.request()
        connection.perform(connection.machine.shutdownRequested())
        #expect(connection.closedAt == nil)
        let kept = connection.respond()
        #expect(!kept, "the response says Connection: close")
        #expect(connection.log.last == "close after writing")
    }

    @Test func anUpgradeHandsTheConnectionOverWithNoTimerLeft() {
        var connection = ManualConnection()
        connection.request()
        _ = connection.machine.responseStarted(closeRequested: false, unreadBodyBytes: nil)
        connection.perform(connection.machine.upgraded())
        #expect(!connection.hasExchange && connection.deadline == nil)
        connection.advance(by: .seconds(3600))
        connection.perform(connection.machine.peerClosedInput())
        #expect(connection.log.isEmpty, "the WebSocket handler owns the connection now")
    }

    @Test func aStaleTimerIsIgnored() {
        var machine = Machine(configuration: Self.timeouts)
        _ = machine.start()
        _ = machine.bytesReceived()
        let stale = machine.timerFired(.idle)
        #expect(stale.isEmpty, "the idle timer was replaced by the header timer")
        let current = machine.timerFired(.header)
        #expect(current == [.sendRequestTimeout])
    }
}
