import Chat

/// A JSON-RPC 2.0 error object (JSON-RPC 2.0 §5.1): the code, a message safe to show, optional data.
struct JSONRPCError: Error, Equatable, Sendable {
    let code: Int
    let message: String
    var data: JSONValue? = nil

    /// -32700: the body is not JSON.
    static func parseError(_ message: String = "Parse error: the body is not valid JSON") -> Self {
        Self(code: -32700, message: message)
    }

    /// -32600: JSON, but not a valid JSON-RPC message (or not acceptable to the transport).
    static func invalidRequest(_ message: String) -> Self { Self(code: -32600, message: message) }

    /// -32601: no such method.
    static func methodNotFound(_ method: String) -> Self { Self(code: -32601, message: "Method not found: \(method)") }

    /// -32602: the method exists but its params are wrong.
    static func invalidParams(_ message: String) -> Self { Self(code: -32602, message: message) }

    /// -32603: the server failed; details stay in the log.
    static let internalFailure = Self(code: -32603, message: "Internal error")

    /// -32001: the Mcp-Session-Id is unknown or ended (the code the MCP SDKs use for it).
    static let sessionNotFound = Self(code: -32001, message: "Session not found: send initialize without Mcp-Session-Id")

    /// The error object's JSON.
    var json: JSONValue {
        var object: [String: JSONValue] = ["code": .number(Double(code)), "message": .string(message)]
        if let data { object["data"] = data }
        return .object(object)
    }
}

/// The answer to one request: its id with a result or an error.
struct JSONRPCReply: Equatable, Sendable {
    /// A result as a value, or as JSON text already encoded (tool results, encoded once for both
    /// their text block and their structured content).
    enum Result: Equatable, Sendable {
        case value(JSONValue)
        case encoded(String)
    }

    /// The request's id; `null` when it could not be read.
    let id: JSONValue
    let outcome: Swift.Result<Result, JSONRPCError>

    static func result(_ id: JSONValue, _ value: JSONValue) -> Self { Self(id: id, outcome: .success(.value(value))) }
    static func result(_ id: JSONValue, encoded text: String) -> Self { Self(id: id, outcome: .success(.encoded(text))) }
    static func error(_ id: JSONValue, _ error: JSONRPCError) -> Self { Self(id: id, outcome: .failure(error)) }

    /// The response object as compact JSON text (JSON-RPC 2.0 §5), keys sorted.
    var jsonText: String {
        switch outcome {
        case .success(.value(let value)): #"{"id":\#(id.jsonText),"jsonrpc":"2.0","result":\#(value.jsonText)}"#
        case .success(.encoded(let text)): #"{"id":\#(id.jsonText),"jsonrpc":"2.0","result":\#(text)}"#
        case .failure(let error): #"{"error":\#(error.json.jsonText),"id":\#(id.jsonText),"jsonrpc":"2.0"}"#
        }
    }
}
