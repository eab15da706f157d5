import Chat
import Foundation
import Synchronization
import Testing

@testable import App

@Suite struct MCPSessionsTests {
    /// A clock the test moves by hand.
    private final class ManualClock: Sendable {
        let time = Mutex(Date(timeIntervalSince1970: 1_000_000))
        func advance(_ seconds: TimeInterval) { time.withLock { $0 += seconds } }
        var now: @Sendable () -> Date { { self.time.withLock { $0 } } }
    }

    @Test func aSessionBelongsToTheIdentityThatOpenedIt() {
        let sessions = MCPSessions()
        let id = sessions.open(identity: .user(id: 1, isDemo: false), protocolVersion: "2025-11-25")
        #expect(id.count == 32 && id.allSatisfy(\.isHexDigit))
        #expect(sessions.session(id, identity: .user(id: 1, isDemo: false))?.protocolVersion == "2025-11-25")
        #expect(sessions.session(id, identity: .user(id: 2, isDemo: false)) == nil)
        #expect(sessions.session(id, identity: .apiKey) == nil)
        #expect(!sessions.close(id, identity: .apiKey))
        #expect(sessions.close(id, identity: .user(id: 1, isDemo: false)))
        #expect(sessions.session(id, identity: .user(id: 1, isDemo: false)) == nil)
    }

    @Test func idleSessionsEndAndUseKeepsThemOpen() {
        let clock = ManualClock()
        let sessions = MCPSessions(idleTimeout: 60, now: clock.now)
        let busy = sessions.open(identity: .apiKey, protocolVersion: "2025-11-25")
        let idle = sessions.open(identity: .apiKey, protocolVersion: "2025-11-25")
        clock.advance(45)
        #expect(sessions.session(busy, identity: .apiKey) != nil)
        clock.advance(45)
        #expect(sessions.session(busy, identity: .apiKey) != nil)
        #expect(sessions.session(idle, identity: .apiKey) == nil)
    }

    @Test func atCapacityTheLeastRecentlyUsedEnds() {
        let clock = ManualClock()
        let sessions = MCPSessions(capacity: 2, now: clock.now)
        let first = sessions.open(identity: .apiKey, protocolVersion: "2025-11-25")
        clock.advance(1)
        let second = sessions.open(identity: .apiKey, protocolVersion: "2025-11-25")
        clock.advance(1)
        _ = sessions.session(first, identity: .apiKey)
        clock.advance(1)
        let third = sessions.open(identity: .apiKey, protocolVersion: "2025-11-25")
        #expect(sessions.count == 2)
        #expect(sessions.session(second, identity: .apiKey) == nil)
        #expect(sessions.session(first, identity: .apiKey) != nil)
        #expect(sessions.session(third, identity: .apiKey) != nil)
    }

    @Test func negotiatesTheClientsVersionWhenSpoken() throws {
        #expect(MCPHandshake.negotiate("2025-06-18") == "2025-06-18")
        #expect(MCPHandshake.negotiate("2025-11-25") == "2025-11-25")
        #expect(MCPHandshake.negotiate("2099-01-01") == MCPHandshake.supportedVersions[0])
        #expect(throws: JSONRPCError.self) { try MCPHandshake.initialize(params: [:], serverVersion: "1") }
        let (version, result) = try MCPHandshake.initialize(params: ["protocolVersion": "2025-03-26"], serverVersion: "1")
        #expect(version == "2025-03-26")
        #expect(result["capabilities"]?["tools"] != nil)
    }
}
