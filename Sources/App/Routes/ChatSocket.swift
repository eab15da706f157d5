import Chat
import Foundation
import HTTPServer
import Logging

/// `GET /ws/chat/:id/`: the chat WebSocket about one track (API.md "WebSocket chat").
///
/// The provider is chosen once at start and shared; each socket gets its own `Conversation`,
/// so history never crosses sockets.
struct ChatSocket {
    let services: AppServices
    let provider: any ChatProvider
    let toolSet: AnalysisToolSet
    /// Open sockets per user, shared by every socket of this route.
    let registry: ChatSocketRegistry

    /// Chooses the provider from the configuration (logging a fallback to the local router).
    /// - Parameters:
    ///   - services: the app's stores, hub, authenticator and logger.
    ///   - computeAgent: computes an agent's result when the stored analysis lacks it.
    /// - Throws: `ChatError` (`.configuration`) for an unusable LLM_MODEL or base URL.
    init(services: AppServices, computeAgent: @escaping AgentComputer) throws {
        let selection = try ChatProviderFactory.make(services.config.chat.providers)
        if let warning = selection.warning { services.logger.warning("\(warning)") }
        self.init(services: services, provider: selection.provider, computeAgent: computeAgent)
    }

    /// Computes missing agent results through the analysis queue's decoder and agents.
    /// - Throws: `ChatError` (`.configuration`) for an unusable LLM_MODEL or base URL.
    init(services: AppServices, queue: AnalysisQueue) throws {
        try self.init(services: services) { [queue] agent, track in try await queue.computeAgent(agent, for: track) }
    }

    /// Uses `provider` as given (tests use scripted providers).
    init(
        services: AppServices, provider: any ChatProvider, computeAgent: @escaping AgentComputer,
        agents: [(name: String, description: String)] = AnalysisToolSet.standardAgents
    ) {
        self.services = services
        self.provider = provider
        toolSet = AnalysisToolSet(agents: agents, computeAgent: computeAgent)
        registry = ChatSocketRegistry(maxPerUser: services.config.chat.maxSocketsPerUser)
    }

    /// Never computes: the model is told a missing result is unavailable (tests of stored results).
    static let storedOnly: AgentComputer = { agent, _ in
        throw ChatToolError("The \(agent) analysis is not available for this track.")
    }

    var routes: [Route] {
        [
            Route(
                .get, "/ws/chat/:id/",
                handler: .immediate { [services, provider, toolSet, registry] request, context in
                    .webSocket(request) { socket in
                        let conversation = Conversation(provider: provider, logger: services.logger)
                        let session = ChatSession(
                            socket: socket, trackID: context.parameters["id"] ?? "", services: services,
                            conversation: conversation, toolSet: toolSet, registry: registry, providerName: provider.name)
                        await session.run()
                    }
                })
        ]
    }
}
