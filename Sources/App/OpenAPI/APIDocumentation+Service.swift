import Chat

extension APIDocumentation {
    /// Health, the OpenAPI document itself and the chat WebSocket.
    static let service: [String: RouteDocumentation] = [
        "GET /health/": RouteDocumentation(
            operationID: "health", summary: "Liveness and readiness with each check's result (Railway probes it)",
            tag: "health", access: .open,
            responses: [200: .json("Every check passes", "Health"), 503: .json("A check failed", "Health")]),
        "GET /api/health/": RouteDocumentation(
            operationID: "apiHealth", summary: "Version, agents, upload limit and allowed extensions", tag: "health",
            access: .open, responses: [200: .json("The limits the web app reads", "APIHealth")]),
        "GET /api/openapi.json": RouteDocumentation(
            operationID: "openAPI", summary: "This document", tag: "meta", access: .open,
            parameters: [.header("If-None-Match", "An ETag from an earlier response")],
            responses: [
                200: .init(
                    description: "The OpenAPI 3.1 document", content: ["application/json": OpenAPIComponents.anyObject],
                    headers: ["ETag": ["schema": OpenAPIComponents.string]]),
                304: .init(description: "Not modified since the given ETag"),
            ]),
        "GET /metrics": RouteDocumentation(
            operationID: "metrics",
            summary: "Prometheus text exposition 0.0.4 (the API key, or a bearer METRICS_TOKEN when one is set)",
            tag: "meta",
            responses: [
                200: .init(description: "The metrics", content: ["text/plain": OpenAPIComponents.string]),
                401: .error("Neither the API key nor the metrics token"),
            ]),
        "GET /ws/chat/:id/": RouteDocumentation(
            operationID: "chatSocket",
            summary: "WebSocket chat about one track (authenticated by ?api_key= or ?token=, closed with 4001/4004)",
            tag: "chat", access: .open,
            parameters: [
                .path("id", "The track id"),
                .query("api_key", "The API key"),
                .query("token", "An access token"),
            ],
            responses: [
                101: .init(description: "Switched to the WebSocket protocol"),
                400: .error("Not a valid WebSocket upgrade request"),
                404: .error("Not found"),
                426: .error("Upgrade required"),
            ]),
    ]

    /// `/api/auth/…` (API.md "Authentication").
    static let auth: [String: RouteDocumentation] = [
        "POST /api/auth/login/": RouteDocumentation(
            operationID: "login", summary: "Access and refresh tokens for an e-mail and password", tag: "auth",
            access: .open,
            body: .init(
                mediaType: "application/json",
                schema: OpenAPIComponents.object(
                    ["email": OpenAPIComponents.string, "password": OpenAPIComponents.string], required: ["email", "password"]),
                alsoAccepted: ["application/x-www-form-urlencoded"]),
            responses: [
                200: .json("Tokens", "Tokens"), 400: .error("Email and password required"),
                401: .error("Invalid credentials"), 413: .error("Body too large"), 429: .rateLimited,
            ]),
        "POST /api/auth/demo/": RouteDocumentation(
            operationID: "demo", summary: "A new demo user with a request budget", tag: "auth", access: .open,
            body: .init(mediaType: "application/json", schema: OpenAPIComponents.anyObject, required: false),
            responses: [200: .json("Demo tokens", "DemoTokens"), 413: .error("Body too large"), 429: .rateLimited]),
        "POST /api/auth/refresh/": RouteDocumentation(
            operationID: "refresh", summary: "A new access token for a refresh token", tag: "auth", access: .open,
            body: .init(
                mediaType: "application/json",
                schema: OpenAPIComponents.object(
                    ["refresh": OpenAPIComponents.string], required: ["refresh"]), alsoAccepted: ["application/x-www-form-urlencoded"]),
            responses: [
                200: .json("A new access token", "AccessToken"), 400: .error("Refresh token required"),
                401: .error("Invalid refresh token"), 413: .error("Body too large"),
            ]),
    ]

    /// `/mcp` (Model Context Protocol, Streamable HTTP transport).
    static let mcp: [String: RouteDocumentation] = [
        "POST /mcp": RouteDocumentation(
            operationID: "mcpPost", summary: "JSON-RPC messages of the Model Context Protocol (one or a batch)",
            tag: "mcp",
            parameters: [
                .header("Mcp-Session-Id", "The session from initialize; required after it"),
                .header("MCP-Protocol-Version", "The negotiated protocol version"),
            ],
            body: .init(
                mediaType: "application/json",
                schema: [
                    "oneOf": [
                        .ref("JSONRPCMessage"), ["type": "array", "items": .ref("JSONRPCMessage"), "minItems": 1],
                    ]
                ]),
            responses: [
                200: .init(
                    description: "The replies: JSON, or an event stream when the client accepts one",
                    content: [
                        "application/json": ["oneOf": [.ref("JSONRPCReply"), ["type": "array", "items": .ref("JSONRPCReply")]]],
                        "text/event-stream": OpenAPIComponents.string,
                    ], headers: ["Mcp-Session-Id": ["schema": OpenAPIComponents.string]]),
                202: .init(description: "Notifications or responses only: accepted, no body"),
                400: .json("Not JSON, not JSON-RPC, no session, or an unsupported protocol version", "JSONRPCReply"),
                401: .unauthorized,
                403: .json("An Origin this server does not serve", "JSONRPCReply"),
                404: .json("Unknown or ended session", "JSONRPCReply"),
                413: .json("Body too large", "JSONRPCReply"),
            ]),
        "DELETE /mcp": RouteDocumentation(
            operationID: "mcpDelete", summary: "Ends an MCP session", tag: "mcp",
            parameters: [.header("Mcp-Session-Id", "The session to end")],
            responses: [
                204: .init(description: "Ended"),
                400: .json("No Mcp-Session-Id header", "JSONRPCReply"),
                401: .unauthorized,
                403: .json("An Origin this server does not serve", "JSONRPCReply"),
                404: .json("Unknown or ended session", "JSONRPCReply"),
            ]),
    ]
}
