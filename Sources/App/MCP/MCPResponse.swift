import Chat
import HTTPServer

/// HTTP answers of the MCP Streamable HTTP transport.
enum MCPResponse {
    /// The replies to a POST: one object or an array, as JSON or, when the client accepts an
    /// event stream, as one SSE `message` event per reply (the stream ends with the last reply).
    static func replies(_ replies: [JSONRPCReply], batch: Bool, eventStream: Bool, status: HTTPStatus = .ok) -> Response {
        var headers: HTTPHeaders = [:]
        if eventStream {
            var text = ""
            for reply in replies { text += "event: message\ndata: \(reply.jsonText)\n\n" }
            headers.add("Content-Type", "text/event-stream")
            headers.add("Cache-Control", "no-cache")
            return Response(status: status, headers: headers, body: .bytes(Array(text.utf8)))
        }
        let text = batch ? "[" + replies.map(\.jsonText).joined(separator: ",") + "]" : (replies.first?.jsonText ?? "null")
        headers.add("Content-Type", "application/json")
        return Response(status: status, headers: headers, body: .bytes(Array(text.utf8)))
    }

    /// A transport-level rejection: `status` with a JSON-RPC error whose id is `null`.
    static func rejection(_ error: JSONRPCError, status: HTTPStatus) -> Response {
        replies([.error(.null, error)], batch: false, eventStream: false, status: status)
    }

    /// 202 Accepted with no body: the POST held only notifications and responses.
    static let accepted = Response(status: .accepted)

    /// Whether the client's Accept lists `text/event-stream`.
    static func acceptsEventStream(_ request: Request) -> Bool {
        request.headers.values("accept").contains { value in
            value.split(separator: ",").contains { $0.split(separator: ";")[0].trimmingSpaces() == "text/event-stream" }
        }
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var text = self
        while text.first == " " || text.first == "\t" { text = text.dropFirst() }
        while text.last == " " || text.last == "\t" { text = text.dropLast() }
        return text
    }
}
