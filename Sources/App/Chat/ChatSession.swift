import Database
import Foundation
import Logging
import Synchronization
import Chat
import HTTPServer

/// One chat socket from upgrade to close: authenticates, checks the track, reports its status and
/// analysis progress, and answers questions one at a time with the analysis tools.
struct ChatSession: Sendable {
    let socket: WebSocket
    /// The `:id` path segment, not yet validated.
    let trackID: String
    let services: AppServices
    let conversation: Conversation
    let toolSet: AnalysisToolSet
    let parsed = ParsedAnalysis()

    /// Runs the session until the socket closes.
    func run() async {
        guard let (identity, id, events, track) = await open() else { return }
        await send(ChatSocketMessage(track: track))
        let gate = AnswerGate()
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await event in events { await send(ChatSocketMessage(event: event)) }
            }
            for await text in socket.messages {
                switch ClientMessage(text: text) {
                case .invalid(let message):
                    await send(.error(message: message))
                case .question(let question):
                    guard let turn = gate.enter() else {
                        await send(.error(message: "A question is already being answered"))
                        continue
                    }
                    // Answering runs beside this loop, so a second question is refused instead of queued.
                    group.addTask {
                        await answer(question, trackID: id, scope: identity.scope) { gate.leave(turn) }
                        gate.leave(turn)  // an answer cut short by a closing socket sends no last message
                    }
                }
            }
            group.cancelAll()
        }
    }

    /// Authenticates and finds the track, or closes with 4001/4004 and returns nil.
    /// Subscribes before reading the track, so no event between the read and the subscription is lost.
    private func open() async -> (Identity, UUID, AsyncStream<TrackEvent>, Track)? {
        let identity: Identity
        do {
            identity = try services.authenticator.identify(query: socket.request)
        } catch {
            socket.close(code: .unauthorized, reason: error.detail)
            return nil
        }
        guard let id = UUID(text: trackID) else {
            socket.close(code: .trackNotFound, reason: "Track not found")
            return nil
        }
        let events = services.events.subscribe(to: id)
        do {
            guard let track = try await services.tracks.get(id: id, scope: identity.scope) else {
                socket.close(code: .trackNotFound, reason: "Track not found")
                return nil
            }
            return (identity, id, events, track)
        } catch {
            services.logger.error("chat: track lookup failed", metadata: ["track_id": "\(id)", "error": "\(error)"])
            socket.close(code: .internalError, reason: "Server error")
            return nil
        }
    }

    /// Answers one question about the track as it is now (it may have been re-analysed or deleted).
    /// Answers one question; `finish` ends the turn just before its last message goes out,
    /// so a client that asks again as soon as it reads `done` is not refused.
    private func answer(_ question: String, trackID id: UUID, scope: OwnerScope, finish: @escaping @Sendable () -> Void) async {
        let track: Track?
        do {
            track = try await services.tracks.get(id: id, scope: scope)
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
            await send(.error(message: "Track not ready. Status: \(track.status.rawValue)"))
            return
        }
        let tools = toolSet.tools(for: track, analysis: parsed.value(of: track.analysis))
        await conversation.ask(question, tools: tools) { event in
            switch event {
            case .done, .error: finish()
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
