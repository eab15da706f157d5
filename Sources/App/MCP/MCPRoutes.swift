import Chat
import Foundation
import HTTPServer

/// `/mcp`: the Model Context Protocol over Streamable HTTP (MCP 2025-03-26 to 2025-11-25,
/// "Transports"). POST carries JSON-RPC messages, DELETE ends a session; GET gets 405 from the
/// router, since this server sends no messages of its own. Authenticated like the API; every tool
/// sees only the caller's tracks.
struct MCPRoutes {
    static let path = "/mcp"
    /// Most body bytes: a JSON-RPC call is small; anything bigger is refused before it is read.
    static let maxBodyBytes = 256 * 1024

    let services: AppServices
    let sessions: MCPSessions
    let dispatcher: MCPDispatcher

    init(services: AppServices, toolSet: AnalysisToolSet, sessions: MCPSessions = MCPSessions()) {
        self.services = services
        self.sessions = sessions
        dispatcher = MCPDispatcher(
            toolbox: MCPToolbox(tracks: services.tracks, analyses: services.analyses, toolSet: toolSet), logger: services.logger)
    }

    var routes: [Route] {
        let tooLarge: @Sendable () -> Response = {
            MCPResponse.rejection(.invalidRequest("Body larger than \(Self.maxBodyBytes) bytes"), status: .contentTooLarge)
        }
        return [
            Route(
                .post, Self.path, maxBodyBytes: Self.maxBodyBytes, tooLarge: tooLarge,
                handler: .async { request, _ in
                    try await post(request, tooLarge: tooLarge)
                }),
            Route(.delete, Self.path, handler: .async { request, _ in try await delete(request) }),
        ]
    }

    private func post(_ request: Request, tooLarge: () -> Response) async throws -> Response {
        let identity = try await services.authGuard.authorize(request)
        if let refusal = refuseOrigin(request) { return refusal }
        let bytes: [UInt8]
        do {
            bytes = try await request.body.collect(upTo: Self.maxBodyBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            return tooLarge()
        }
        let payload: JSONRPCPayload
        do {
            payload = try JSONRPCPayload(parsing: bytes)
        } catch {
            return MCPResponse.rejection(error, status: .badRequest)
        }
        let eventStream = MCPResponse.acceptsEventStream(request)
        if payload.valid.contains(where: { $0.method == "initialize" }) {
            return initialize(payload, identity: identity, eventStream: eventStream)
        }
        switch session(of: request, identity: identity) {
        case .failure(let refusal): return refusal.response
        case .success: break
        }
        var replies: [JSONRPCReply] = []
        for message in payload.messages {
            switch message {
            case .success(let message):
                if let reply = await dispatcher.reply(to: message, identity: identity) { replies.append(reply) }
            case .failure(let failure):
                replies.append(failure.reply)
            }
        }
        guard !replies.isEmpty else { return MCPResponse.accepted }
        return MCPResponse.replies(
            replies, batch: payload.isBatch, eventStream: eventStream, status: payload.isLoneInvalidMessage ? .badRequest : .ok)
    }

    /// `initialize` opens a session; it must come alone (MCP "Lifecycle").
    private func initialize(_ payload: JSONRPCPayload, identity: Identity, eventStream: Bool) -> Response {
        guard !payload.isBatch, case .success(.request(let id, _, let params)) = payload.messages.first else {
            return MCPResponse.rejection(.invalidRequest("initialize must be a request sent alone"), status: .badRequest)
        }
        do {
            let (version, result) = try MCPHandshake.initialize(params: params, serverVersion: AppVersion.current)
            let sessionID = sessions.open(identity: identity, protocolVersion: version)
            var response = MCPResponse.replies([.result(id, result)], batch: false, eventStream: eventStream)
            response.headers.add("Mcp-Session-Id", sessionID)
            return response
        } catch {
            return MCPResponse.replies([.error(id, error)], batch: false, eventStream: eventStream)
        }
    }

    private func delete(_ request: Request) async throws -> Response {
        let identity = try await services.authGuard.authorize(request)
        if let refusal = refuseOrigin(request) { return refusal }
        switch session(of: request, identity: identity) {
        case .failure(let refusal): return refusal.response
        case .success(let session):
            _ = sessions.close(session.id, identity: identity)
            return Response(status: .noContent)
        }
    }

    /// The request's session: 400 without `Mcp-Session-Id`, 404 for one that is unknown, ended or
    /// someone else's, 400 for an `MCP-Protocol-Version` we do not speak.
    private func session(of request: Request, identity: Identity) -> Result<MCPSessions.Session, RefusalResponse> {
        guard let id = request.headers["mcp-session-id"] else {
            return .failure(
                RefusalResponse(
                    MCPResponse.rejection(
                        .invalidRequest("Mcp-Session-Id header is required; send initialize first"), status: .badRequest)))
        }
        guard let session = sessions.session(id, identity: identity) else {
            return .failure(RefusalResponse(MCPResponse.rejection(.sessionNotFound, status: .notFound)))
        }
        if let version = request.headers["mcp-protocol-version"], !MCPHandshake.supportedVersions.contains(version) {
            var error = JSONRPCError.invalidRequest("Unsupported MCP-Protocol-Version")
            error.data = ["supported": .array(MCPHandshake.supportedVersions.map { .string($0) }), "requested": .string(version)]
            return .failure(RefusalResponse(MCPResponse.rejection(error, status: .badRequest)))
        }
        return .success(session)
    }

    /// 403 for a browser page of another origin (the transport's DNS-rebinding rule): allowed are
    /// CORS_ALLOWED_ORIGINS and the server's own host.
    private func refuseOrigin(_ request: Request) -> Response? {
        guard let origin = request.headers["origin"] else { return nil }
        if services.config.security.corsAllowedOrigins.contains(origin) { return nil }
        let authority = origin.components(separatedBy: "://").last ?? ""
        if let host = request.head.host, authority.lowercased() == host.lowercased() { return nil }
        return MCPResponse.rejection(.invalidRequest("Origin not allowed"), status: .forbidden)
    }
}

/// A response that refuses a request, as the failure of a `Result`.
struct RefusalResponse: Error {
    let response: Response
    init(_ response: Response) { self.response = response }
}

extension MCPRoutes {
    /// The MCP routes with the chat's analysis tools, computing missing results through `queue`.
    init(services: AppServices, queue: AnalysisQueue) {
        let toolSet = AnalysisToolSet(agents: AnalysisToolSet.standardAgents) { [queue] agent, track in
            try await queue.computeAgent(agent, for: track)
        }
        self.init(services: services, toolSet: toolSet)
    }
}
