import Testing

@testable import HTTPServer

/// Close handshake and keep-alive, driven by a manual clock: no sockets, no sleeping.
@Suite struct WebSocketConnectionStateMachineTests {
    private typealias Machine = WebSocketConnectionStateMachine
    private static let standard = Machine.Configuration(autoPing: .enabled(interval: .seconds(30)), closeTimeout: .seconds(3))
    private static let noPing = Machine.Configuration(autoPing: .disabled, closeTimeout: .seconds(3))

    @Test func defaultsArePingEvery30SecondsAndWait3SecondsForClose() {
        let configuration = Machine.Configuration()
        #expect(configuration.autoPing == .enabled(interval: .seconds(30)))
        #expect(configuration.closeTimeout == .seconds(3))
    }

    // MARK: Close handshake

    @Test func peerCloseIsEchoedAndTCPClosedAtOnce() {
        var connection = ManualTimers(Self.standard)
        connection.advance(by: .seconds(5))
        connection.receive(.close(code: .goingAway, reason: "bye"))
        #expect(connection.sent == [.close(code: .goingAway)])
        #expect(connection.tcpClosedAt == .seconds(5))
        #expect(connection.deadlines.isEmpty, "the ping timer is cancelled")
        #expect(connection.machine.state == .closed)
    }

    @Test func emptyPeerCloseIsAnsweredWithEmptyClose() {
        var connection = ManualTimers(Self.noPing)
        connection.receive(.close(code: nil, reason: ""))
        #expect(connection.sent == [WebSocketFrame(opcode: .close)])
        #expect(connection.tcpClosedAt == .zero)
    }

    @Test func ourCloseWaitsForThePeersClose() {
        var connection = ManualTimers(Self.standard)
        connection.perform(connection.machine.close(code: WebSocketCloseCode(rawValue: 4004), reason: "Track not found"))
        #expect(connection.sent == [.close(code: WebSocketCloseCode(rawValue: 4004), reason: "Track not found")])
        #expect(connection.machine.state == .closeSent && !connection.machine.isOpen)
        #expect(connection.deadlines == [.closeTimeout: .seconds(3)])
        connection.advance(by: .seconds(1))
        connection.receive(.close(code: WebSocketCloseCode(rawValue: 4004), reason: ""))
        #expect(connection.sent.count == 1, "no second close frame")
        #expect(connection.tcpClosedAt == .seconds(1))
        #expect(connection.deadlines.isEmpty)
    }

    @Test func ourCloseGivesUpAfterTheTimeout() {
        var connection = ManualTimers(Self.standard)
        connection.perform(connection.machine.close(code: .normalClosure))
        connection.advance(by: .milliseconds(2999))
        #expect(connection.tcpClosedAt == nil)
        connection.advance(by: .milliseconds(1))
        #expect(connection.tcpClosedAt == .seconds(3))
        #expect(connection.machine.state == .closed)
    }

    @Test func closingTwiceSendsOneCloseFrame() {
        var connection = ManualTimers(Self.noPing)
        connection.perform(connection.machine.close(code: .normalClosure))
        connection.perform(connection.machine.close(code: .goingAway))
        #expect(connection.sent == [.close(code: .normalClosure)])
    }

    @Test func nothingIsAnsweredAfterOurClose() {
        var connection = ManualTimers(Self.standard)
        connection.perform(connection.machine.close(code: .normalClosure))
        connection.receive(.ping([1]))
        connection.receive(.text("late"))
        #expect(connection.sent == [.close(code: .normalClosure)])
        connection.advance(by: .seconds(60))
        #expect(connection.sent.count == 1, "no pings once closing")
    }

    @Test func protocolErrorClosesWithItsCode() {
        var connection = ManualTimers(Self.standard)
        connection.perform(connection.machine.failed(.invalidUTF8))
        #expect(connection.sent == [.close(code: .invalidFramePayloadData, reason: "text message is not valid UTF-8")])
        #expect(connection.machine.state == .closeSent)
        // Garbage while waiting for the peer's close ends the wait.
        connection.perform(connection.machine.failed(.reservedBitsSet))
        #expect(connection.tcpClosedAt == .zero && connection.deadlines.isEmpty)
    }

    @Test func tcpLossCancelsEveryTimer() {
        var open = ManualTimers(Self.standard)
        open.perform(open.machine.connectionClosed())
        #expect(open.deadlines.isEmpty && open.machine.state == .closed)
        var closing = ManualTimers(Self.standard)
        closing.perform(closing.machine.close(code: .normalClosure))
        closing.perform(closing.machine.connectionClosed())
        #expect(closing.deadlines.isEmpty)
        closing.advance(by: .seconds(100))
        #expect(closing.tcpClosedAt == nil, "the machine closed nothing itself")
    }

    // MARK: Ping and pong

    @Test func answersPingsWithTheSamePayload() {
        var connection = ManualTimers(Self.noPing)
        connection.receive(.ping([1, 2, 3]))
        connection.receive(.ping([]))
        #expect(connection.sent == [WebSocketFrame(opcode: .pong, payload: [1, 2, 3]), WebSocketFrame(opcode: .pong)])
    }

    @Test func pingsEveryIntervalWhileAnswered() throws {
        var connection = ManualTimers(Self.standard)
        for round in 1...4 {
            connection.advance(by: .seconds(30))
            let ping = try #require(connection.sent.last)
            #expect(ping.opcode == .ping && connection.sent.count == round)
            connection.receive(.pong(ping.payload))
        }
        #expect(connection.tcpClosedAt == nil && connection.machine.isOpen)
    }

    @Test func unansweredPingClosesWith1011AtTheNextPingTime() throws {
        var connection = ManualTimers(Self.standard)
        connection.advance(by: .seconds(30))
        let ping = try #require(connection.sent.first)
        connection.receive(.pong([9, 9]))  // unsolicited or stale pongs do not count
        connection.receive(.pong(ping.payload + [0]))
        connection.advance(by: .seconds(29))
        #expect(connection.tcpClosedAt == nil)
        connection.advance(by: .seconds(1))
        #expect(connection.sent.last == .close(code: .internalError, reason: "ping timeout"))
        #expect(connection.tcpClosedAt == .seconds(60), "dropped without waiting for a close reply")
        #expect(connection.deadlines.isEmpty && connection.machine.state == .closed)
    }

    @Test func eachPingCarriesANewPayload() {
        var connection = ManualTimers(Self.standard)
        connection.advance(by: .seconds(30))
        connection.receive(.pong(connection.sent[0].payload))
        connection.advance(by: .seconds(30))
        #expect(connection.sent.count == 2 && connection.sent[0].payload != connection.sent[1].payload)
        // The first ping's pong arriving again does not answer the second.
        connection.receive(.pong(connection.sent[0].payload))
        connection.advance(by: .seconds(30))
        #expect(connection.tcpClosedAt == .seconds(90))
    }

    @Test func disabledAutoPingNeverPings() {
        var connection = ManualTimers(Self.noPing)
        connection.advance(by: .seconds(3600))
        #expect(connection.sent.isEmpty && connection.deadlines.isEmpty)
    }
}
