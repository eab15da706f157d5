@testable import HTTPServer

/// Plays the connection for `WebSocketConnectionStateMachine`: carries out its
/// actions, keeps its timers against a manual clock, and fires them when the
/// test advances time. No sockets, no sleeping.
struct ManualTimers {
    var machine: WebSocketConnectionStateMachine
    /// Time since the test started.
    private(set) var now: Duration = .zero
    /// Pending timers and when they fire.
    private(set) var deadlines: [WebSocketConnectionStateMachine.Timer: Duration] = [:]
    /// Frames written, in order.
    private(set) var sent: [WebSocketFrame] = []
    /// When TCP was closed, if it was.
    private(set) var tcpClosedAt: Duration?

    init(_ configuration: WebSocketConnectionStateMachine.Configuration) {
        machine = WebSocketConnectionStateMachine(configuration: configuration)
        perform(machine.start())
    }

    /// Carries out actions the way a connection would.
    mutating func perform(_ actions: [WebSocketConnectionStateMachine.Action]) {
        for action in actions {
            switch action {
            case .sendFrame(let frame):
                precondition(tcpClosedAt == nil, "frame sent after TCP close")
                sent.append(frame)
            case .closeTCP:
                tcpClosedAt = now
            case .scheduleTimer(let timer, let delay):
                deadlines[timer] = now + delay
            case .cancelTimer(let timer):
                deadlines[timer] = nil
            }
        }
    }

    /// Moves the clock forward, firing each timer that falls due, in deadline order.
    mutating func advance(by duration: Duration) {
        let target = now + duration
        while let (timer, deadline) = deadlines.filter({ $0.value <= target }).min(by: { $0.value < $1.value }) {
            now = deadline
            deadlines[timer] = nil
            perform(machine.timerFired(timer))
        }
        now = target
    }

    /// Delivers a message from the peer.
    mutating func receive(_ message: WebSocketMessage) {
        perform(machine.received(message))
    }
}
