import Chat
import Logging

/// Answers the MCP methods after the handshake: `ping`, `tools/list`, `tools/call`.
/// Notifications (`notifications/initialized`, `notifications/cancelled`, …) need no answer.
struct MCPDispatcher: Sendable {
    let toolbox: MCPToolbox
    let logger: Logger

    /// The reply to `request`, or nil for a notification or a response.
    func reply(to message: JSONRPCMessage, identity: Identity) async -> JSONRPCReply? {
        guard case .request(let id, let method, let params) = message else { return nil }
        do {
            return try await result(id, method, params: params, identity: identity)
        } catch {
            return .error(id, error)
        }
    }

    private func result(_ id: JSONValue, _ method: String, params: JSONValue, identity: Identity) async throws(JSONRPCError) -> JSONRPCReply {
        switch method {
        case "ping":
            return .result(id, .object([:]))
        case "tools/list":
            return .result(id, ["tools": .array(toolbox.descriptors)])
        case "tools/call":
            return .result(id, encoded: try await call(params, identity: identity))
        case "initialize":
            throw .invalidRequest("initialize must be the only message of its POST, without Mcp-Session-Id")
        default:
            throw .methodNotFound(method)
        }
    }

    private func call(_ params: JSONValue, identity: Identity) async throws(JSONRPCError) -> String {
        guard let name = params["name"]?.stringValue else { throw .invalidParams("tools/call needs params.name, a string") }
        guard toolbox.has(name) else { throw .invalidParams("Unknown tool: \(name.prefix(64))") }
        let arguments = params["arguments"] ?? .object([:])
        guard case .object = arguments else { throw .invalidParams("params.arguments must be an object") }
        do {
            return try await toolbox.call(name, arguments: arguments, identity: identity).jsonText
        } catch {
            logger.error("mcp: tool failed", metadata: ["tool": "\(name)", "error": "\(error)"])
            throw .internalFailure
        }
    }
}
