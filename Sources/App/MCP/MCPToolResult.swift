import Chat

/// The result of `tools/call` ("Tools", MCP 2025-06-18 and later): the data as `structuredContent`
/// plus the same JSON as a text block, for clients that read only `content`.
struct MCPToolResult: Equatable, Sendable {
    let structured: JSONValue?
    let text: String
    let isError: Bool

    /// A successful result holding `value` (an object).
    static func success(_ value: JSONValue) -> Self { Self(structured: value, text: value.jsonText, isError: false) }

    /// A tool error the model can read and act on (`isError: true`), not a protocol error.
    static func failure(_ message: String) -> Self { Self(structured: nil, text: message, isError: true) }

    var json: JSONValue {
        var object: [String: JSONValue] = [
            "content": [["type": "text", "text": .string(text)]],
            "isError": .bool(isError),
        ]
        if let structured { object["structuredContent"] = structured }
        return .object(object)
    }
}
