import Chat
import Foundation

/// One incoming JSON-RPC 2.0 message, classified (JSON-RPC 2.0 §4, §5; MCP "Base protocol").
enum JSONRPCMessage: Equatable, Sendable {
    /// A call that expects a reply.
    case request(id: JSONValue, method: String, params: JSONValue)
    /// A call without an id: never answered.
    case notification(method: String, params: JSONValue)
    /// A reply to a request of ours; this server sends none, so these are only acknowledged.
    case response(id: JSONValue)

    /// Classifies one element of a body.
    /// - Throws: the reply to send instead: -32600 with the message's id when it could be read, else `null`.
    init(_ value: JSONValue) throws(JSONRPCFailure) {
        guard case .object(let members) = value else {
            throw JSONRPCFailure(id: .null, error: .invalidRequest("A JSON-RPC message must be an object"))
        }
        let id = members["id"]
        // MCP forbids null ids (unlike JSON-RPC); a number or a string is an id.
        let validID: JSONValue? =
            switch id {
            case .string?, .number?: id
            default: nil
            }
        let replyID = validID ?? .null
        guard members["jsonrpc"] == "2.0" else {
            throw JSONRPCFailure(id: replyID, error: .invalidRequest("jsonrpc must be \"2.0\""))
        }
        if id != nil && validID == nil {
            throw JSONRPCFailure(id: .null, error: .invalidRequest("id must be a string or a number"))
        }
        guard let method = members["method"] else {
            guard let validID, members["result"] != nil || members["error"] != nil else {
                throw JSONRPCFailure(id: replyID, error: .invalidRequest("A message needs a method, or a result or error"))
            }
            self = .response(id: validID)
            return
        }
        guard case .string(let name) = method, !name.isEmpty else {
            throw JSONRPCFailure(id: replyID, error: .invalidRequest("method must be a non-empty string"))
        }
        let params = members["params"] ?? .object([:])
        // MCP params are always objects (JSON-RPC would also allow arrays).
        guard case .object = params else {
            throw JSONRPCFailure(id: replyID, error: .invalidRequest("params must be an object"))
        }
        self = if let validID { .request(id: validID, method: name, params: params) } else { .notification(method: name, params: params) }
    }

    /// The method of a request or notification.
    var method: String? {
        switch self {
        case .request(_, let method, _), .notification(let method, _): method
        case .response: nil
        }
    }
}

/// A message that could not be classified, with the error reply it gets.
struct JSONRPCFailure: Error, Equatable, Sendable {
    let id: JSONValue
    let error: JSONRPCError

    var reply: JSONRPCReply { .error(id, error) }
}

/// A POST body: one message or a batch of them (JSON-RPC 2.0 §6).
struct JSONRPCPayload: Equatable, Sendable {
    /// The elements, each classified or with the reply it gets instead.
    let messages: [Result<JSONRPCMessage, JSONRPCFailure>]
    /// Whether the body was an array, so the replies go back as one.
    let isBatch: Bool

    /// Parses a body.
    /// - Throws: -32700 when it is not JSON; -32600 for an empty batch.
    init(parsing bytes: [UInt8]) throws(JSONRPCError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: Data(bytes))
        } catch {
            throw .parseError()
        }
        if case .array(let elements) = value {
            guard !elements.isEmpty else { throw .invalidRequest("An empty batch is not a request") }
            isBatch = true
            messages = elements.map(Self.classify)
        } else {
            isBatch = false
            messages = [Self.classify(value)]
        }
    }

    /// The messages that are valid JSON-RPC, in order.
    var valid: [JSONRPCMessage] {
        messages.compactMap { message in
            if case .success(let valid) = message { return valid }
            return nil
        }
    }

    /// A body of one element that is not a JSON-RPC message: the transport answers it with 400.
    var isLoneInvalidMessage: Bool { !isBatch && valid.isEmpty }

    private static func classify(_ value: JSONValue) -> Result<JSONRPCMessage, JSONRPCFailure> {
        do {
            return .success(try JSONRPCMessage(value))
        } catch {
            return .failure(error)
        }
    }
}
