import Chat
import Database
import Foundation
import HTTPServer
import Logging
import Synchronization

/// One chat socket from upgrade to close: authenticates, checks the track, reports its status and
/// analysis progress, and answers questions one at a time with the analysis tools.
struct ChatSession: Sendable {
    let socket: WebSocket
    /// The `:id` path segment, not yet validated.
    let trackID: String
    let services: AppServices
    let conversation: Conversation
    let toolSet: AnalysisToolSet
    /// Open sockets per user (CHAT_MAX_SOCKETS_PER_USER).
    let registry: ChatSocketRegistry
    /// The provider's name, for `chat_questions_total`.
    let providerName: String

    /// Runs the session until the socket closes.
    func run() async {
        guard let (identity, id, events, track, slot) = await open() else { return }
        services.metrics.chatSocketOpened()
        // The place is given back when the socket closes, with the conversation and subscription.
        defer {
            slot.release()
            services.metrics.chatSocketClosed()
        }
        let shown = ChatSocketMessage(track: track)
        await send(shown)
        let gate = AnswerGate()
        await withDiscardingTaskGroup { group in
            group.addTask { await forward(events, trackID: id, identity: identity, shown: shown) }
            for await text in socket.messages {
                switch ClientMessage(text: text) {
                case .invalid(let message):
                    await send(.error(message: message))
                case .question(let question):
                    guard let turn = gate.enter() else {
                        services.metrics.questionAnswered(provider: providerName, .rejected)
                        await send(.error(message: "A question is already being answered"))
                        continue
                    }
                    // Answering runs beside this loop, so a second question is refused instead of queued.
                    group.addTask {
                        await answer(question, trackID: id, identity: identity) { gate.leave(turn) }
                        gate.leave(turn)  // an answer cut short by a closing socket sends no last message
                    }
                }
            }
            group.cancelAll()
        }
    }

    /// Authenticates with the guard every HTTP route uses (an expired demo user is refused),
    /// takes one of the user's socket places and finds the track, or closes with 4001, 4029 or
    /// 4004 and returns nil. Subscribes before reading the track, so no event between the read
    /// and the subscription is lost.
    private func open() async -> (Identity, UUID, AsyncStream<TrackEvent>, Track, ChatSocketRegistry.Slot)? {
        let identity: Identity
        do {
            identity = try await services.authGuard.authorize(query: socket.request)
        } catch let failure as Authenticator.Failure {
            socket.close(code: .unauthorized, reason: failure.detail)
            return nil
        } catch {
            services.logger.error("chat: authentication failed", metadata: ["error": "\(error)"])
            socket.close(code: .internalError, reason: "Server error")
            return nil
        }
        guard let slot = registry.admit(identity) else {
            socket.close(code: .tooManySockets, reason: "Too many chat sockets (max \(registry.maxPerUser))")
            return nil
        }
        guard let id = UUID(text: trackID) else {
            slot.release()
            socket.close(code: .trackNotFound, reason: "Track not found")
            return nil
        }
        let events = services.events.subscribe(to: id)
        do {
            guard let track = try await services.tracks.get(id: id, scope: identity.scope) else {
                slot.release()
                socket.close(code: .trackNotFound, reason: "Track not found")
                return nil
            }
            return (identity, id, events, track, slot)
        } catch {
            slot.release()
            services.logger.error("chat: track lookup failed", metadata: ["track_id": "\(id)", "error": "\(error)"])
            socket.close(code: .internalError, reason: "Server error")
            return nil
        }
    }

    /// Sends each hub event; on `.resync` re-reads the track and sends its status if it differs
    /// from the last status sent (`shown`), since the hub may have missed the change.
    private func forward(
        _ events: AsyncStream<TrackEvent>, trackID id: UUID, identity: Identity,
        shown: ChatSocketMessage
    ) async {
        var shown = shown
        for await event in events {
            let message: ChatSocketMessage
            if let forwarded = ChatSocketMessage(event: event) {
                message = forwarded
            } else {
                guard let current = await rereadStatus(id, identity: identity), current != shown else { continue }
                message = current
            }
            if case .status = message { shown = message }
            await send(message)
        }
    }

    /// The status message of the track as stored now; nil when it is gone or cannot be read
    /// (the next event or question reports it).
    private func rereadStatus(_ id: UUID, identity: Identity) async -> ChatSocketMessage? {
        do {
            return try await services.tracks.get(id: id, scope: identity.scope).map(ChatSocketMessage.init(track:))
        } catch {
            services.logger.warning("chat: status re-read failed", metadata: ["track_id": "\(id)", "error": "\(error)"])
            return nil
        }
    }

    /// Charges the question to the asker (a demo user's count) and checks they are still live.
    /// - Returns: false when the question must not be answered; the socket was told why.
    private func admitQuestion(by identity: Identity, finish: @Sendable () -> Void) async -> Bool {
        do {
            _ = try await services.authGuard.authorizeQuestion(by: identity)
            return true
        } catch let exceeded as AuthGuard.DemoLimitExceeded {
            finish()
            await send(.demoLimitExceeded(requestCount: exceeded.requestCount, requestLimit: exceeded.requestLimit))
        } catch let failure as Authenticator.Failure {
            socket.close(code: .unauthorized, reason: failure.detail)
        } catch {
            services.logger.error("chat: authorization failed", metadata: ["error": "\(error)"])
            finish()
            await send(.error(message: "The question could not be checked. Please try again."))
        }
        return false
    }

    /// Answers one question about the track as it is now (it may have been re-analysed or deleted).
    /// Answers one question; `finish` ends the turn just before its last message goes out,
    /// so a client that asks again as soon as it reads `done` is not refused.
    private func answer(_ question: String, trackID id: UUID, identity: Identity, finish: @escaping @Sendable () -> Void) async {
        guard await admitQuestion(by: identity, finish: finish) else {
            services.metrics.questionAnswered(provider: providerName, .rejected)
            return
        }
        let track: Track?
        do {
            track = try await services.tracks.get(id: id, scope: identity.scope)
        } catch {
            services.logger.error("chat: track lookup failed", metadata: ["track_id": "\(id)", "error": "\(error)"])
            finish()
            await send(.error(message: "The track could not be read. Please try again."))
            return
        }
        guard let track else {
            socket.close(code: .trackNotFound, reason: "Track not found")
            return
        }
        guard track.status == .ready else {
            finish()
            services.metrics.questionAnswered(provider: providerName, .rejected)
            await send(.error(message: "Track not ready. Status: \(track.status.rawValue)"))
            return
        }
        let tools = toolSet.tools(for: track, analysis: services.analyses.value(of: track))
        await conversation.ask(question, tools: tools) { [services, providerName] event in
            switch event {
            case .done:
                finish()
                services.metrics.questionAnswered(provider: providerName, .answered)
            case .error:
                finish()
                services.metrics.questionAnswered(provider: providerName, .error)
            case .toolCall, .toolResult, .token: break
            }
            await send(ChatSocketMessage(event: event))
        }
    }

    private func send(_ message: ChatSocketMessage) async {
        do {
            try await socket.send(text: message.json)
        } catch {
            // The socket is closing: the message has nobody to go to, and the message loop ends by itself.
        }
    }
}

/// Admits one question at a time per socket. Each admitted question is a numbered
/// turn, so ending a turn twice (before its last message, and again when its task
/// ends) never ends the next one.
private final class AnswerGate: Sendable {
    private let state = Mutex((busy: false, turn: 0))

    /// The new turn's number when the caller may start answering; nil while a turn runs.
    func enter() -> Int? {
        state.withLock { state in
            guard !state.busy else { return nil }
            state.busy = true
            state.turn += 1
            return state.turn
        }
    }

    /// Ends `turn` if it is still the one running.
    func leave(_ turn: Int) {
        state.withLock { state in
            if state.busy && state.turn == turn { state.busy = false }
        }
    }
}
