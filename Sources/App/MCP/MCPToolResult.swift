import Chat

/// The result of `tools/call` ("Tools", MCP 2025-06-18 and later): the data as `structuredContent`
/// plus the same JSON as a text block, for clients that read only `content`.
struct MCPToolResult: Equatable, Sendable {
    /// The structured content as JSON text (an object); nil for a tool error.
    let structuredText: String?
    /// The text block: the structured content's JSON, or the error message.
    let text: String
    let isError: Bool

    /// A successful result holding `value` (an object), encoded once for both places it appears.
    static func success(_ value: JSONValue) -> Self {
        let encoded = value.jsonText
        return Self(structuredText: encoded, text: encoded, isError: false)
    }

    /// A tool error the model can read and act on (`isError: true`), not a protocol error.
    static func failure(_ message: String) -> Self { Self(structuredText: nil, text: message, isError: true) }

    /// The result object as JSON text, keys sorted.
    var jsonText: String {
        let content = #"{"content":[{"text":\#(JSONValue.string(text).jsonText),"type":"text"}],"isError":\#(isError)"#
        guard let structuredText else { return content + "}" }
        return content + #","structuredContent":\#(structuredText)}"#
    }
}
