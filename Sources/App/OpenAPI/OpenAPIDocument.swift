import Chat
import HTTPServer

/// Builds the OpenAPI 3.1 document from the route table and `APIDocumentation`.
struct OpenAPIDocument {
    /// A route as the table registers it.
    struct Entry: Sendable {
        let method: HTTPMethod
        let pattern: String
    }

    let entries: [Entry]
    let version: String
    let registry: [String: RouteDocumentation]

    /// - Parameters:
    ///   - entries: the registered routes, in table order.
    ///   - version: the server version, for `info.version`.
    ///   - registry: the descriptions; default `APIDocumentation.operations`.
    init(entries: [Entry], version: String, registry: [String: RouteDocumentation] = APIDocumentation.operations) {
        self.entries = entries
        self.version = version
        self.registry = registry
    }

    /// The registered routes that have no description (the coverage test expects none).
    var undocumented: [Entry] {
        entries.filter { registry[APIDocumentation.key($0.method, $0.pattern)] == nil }
    }

    /// The document.
    var value: JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for entry in entries {
            guard let documentation = registry[APIDocumentation.key(entry.method, entry.pattern)] else { continue }
            paths[Self.openAPIPath(entry.pattern), default: [:]][entry.method.rawValue.lowercased()] =
                operation(documentation, pathParameters: Self.parameterNames(entry.pattern))
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Audio Analysis Server", "version": .string(version),
                "description": "Upload audio, read its analysis, chat about it. Also served: an MCP endpoint at /mcp.",
            ],
            "paths": .object(paths.mapValues { .object($0) }),
            "components": OpenAPIComponents.value,
        ]
    }

    /// `/api/tracks/:id/` → `/api/tracks/{id}/`.
    static func openAPIPath(_ pattern: String) -> String {
        pattern.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
        }.joined(separator: "/")
    }

    /// The `:name` parameters of a pattern, in order.
    static func parameterNames(_ pattern: String) -> [String] {
        pattern.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
    }

    private func operation(_ documentation: RouteDocumentation, pathParameters: [String]) -> JSONValue {
        var parameters = documentation.parameters
        // Every pattern parameter is described, even when the documentation forgot one.
        for name in pathParameters where !parameters.contains(where: { $0.location == .path && $0.name == name }) {
            parameters.append(.path(name, "Path segment \(name)"))
        }
        var operation: [String: JSONValue] = [
            "operationId": .string(documentation.operationID),
            "summary": .string(documentation.summary),
            "tags": [.string(documentation.tag)],
            "security": Self.security(documentation.access),
            "responses": .object(
                Dictionary(
                    uniqueKeysWithValues: documentation.responses.map { status, reply in
                        (String(status), Self.response(reply))
                    })),
        ]
        if !parameters.isEmpty {
            operation["parameters"] = .array(
                parameters.map { parameter in
                    [
                        "name": .string(parameter.name), "in": .string(parameter.location.rawValue),
                        "description": .string(parameter.description), "required": .bool(parameter.required),
                        "schema": parameter.schema,
                    ]
                })
        }
        if let body = documentation.body {
            var content: [String: JSONValue] = [body.mediaType: ["schema": body.schema]]
            for other in body.alsoAccepted { content[other] = ["schema": body.schema] }
            operation["requestBody"] = ["required": .bool(body.required), "content": .object(content)]
        }
        return .object(operation)
    }

    private static func response(_ reply: RouteDocumentation.Reply) -> JSONValue {
        var response: [String: JSONValue] = ["description": .string(reply.description)]
        if !reply.content.isEmpty { response["content"] = .object(reply.content.mapValues { ["schema": $0] }) }
        if !reply.headers.isEmpty { response["headers"] = .object(reply.headers) }
        return .object(response)
    }

    private static func security(_ access: RouteDocumentation.Access) -> JSONValue {
        switch access {
        case .open: []
        case .credentials: [["apiKey": []], ["bearerAuth": []]]
        // The empty requirement: a signed URL's query parameters stand in for credentials.
        case .credentialsOrSignedURL: [["apiKey": []], ["bearerAuth": []], [:]]
        }
    }
}
