import Chat

/// The OpenAPI description of one route: what it takes, what it answers and who may call it.
///
/// Kept beside the route table (see `APIDocumentation`) rather than in a JSON file, so the
/// document is generated from the routes that actually run and a route without one fails a test.
struct RouteDocumentation: Sendable {
    /// Who may call the operation (OpenAPI `security`).
    enum Access: Sendable {
        /// No credentials.
        case open
        /// `X-API-Key` or a bearer access token.
        case credentials
        /// Credentials, or a signed URL's `expires` and `sig` instead.
        case credentialsOrSignedURL
    }

    /// A path, query or header parameter.
    struct Parameter: Sendable {
        enum Location: String, Sendable { case path, query, header }
        let name: String
        let location: Location
        let description: String
        var required = false
        var schema: JSONValue = ["type": "string"]
    }

    /// The request body: one media type and its schema.
    struct Body: Sendable {
        let mediaType: String
        let schema: JSONValue
        var required = true
        /// Other media types accepted with the same fields (the auth routes also read forms).
        var alsoAccepted: [String] = []
    }

    /// One response: its media types with their schemas, and its headers.
    struct Reply: Sendable {
        let description: String
        var content: [String: JSONValue] = [:]
        var headers: [String: JSONValue] = [:]
    }

    let operationID: String
    let summary: String
    let tag: String
    var access: Access = .credentials
    var parameters: [Parameter] = []
    var body: Body? = nil
    /// Keyed by status code.
    var responses: [Int: Reply]
}

extension RouteDocumentation.Reply {
    /// A JSON response whose body is the component schema `name`.
    static func json(_ description: String, _ name: String) -> Self {
        Self(description: description, content: ["application/json": .ref(name)])
    }

    /// A JSON response with an inline schema.
    static func json(_ description: String, schema: JSONValue) -> Self {
        Self(description: description, content: ["application/json": schema])
    }

    /// `{"error": …}`.
    static func error(_ description: String) -> Self { json(description, "Error") }

    /// 401 `{"error":"unauthorized","detail"}` with `WWW-Authenticate`.
    static let unauthorized = Self(
        description: "Missing or invalid credentials", content: ["application/json": .ref("Unauthorized")],
        headers: ["WWW-Authenticate": ["schema": ["type": "string"]]])

    /// 429 for a demo user past its request budget.
    static let demoLimit = json("A demo user went past its request limit", "DemoLimitExceeded")

    /// 429 from a per-address rate limit, with `Retry-After`.
    static let rateLimited = Self(
        description: "Too many requests from this address", content: ["application/json": .ref("Error")],
        headers: ["Retry-After": ["schema": ["type": "integer", "minimum": 1]]])

    /// 400 for a request the HTTP layer could not accept (malformed path or query).
    static let malformed = error("Malformed request")
}

extension RouteDocumentation.Parameter {
    /// A path parameter.
    static func path(_ name: String, _ description: String, schema: JSONValue = ["type": "string"]) -> Self {
        Self(name: name, location: .path, description: description, required: true, schema: schema)
    }

    /// An optional query parameter.
    static func query(_ name: String, _ description: String, schema: JSONValue = ["type": "string"]) -> Self {
        Self(name: name, location: .query, description: description, schema: schema)
    }

    /// An optional header parameter.
    static func header(_ name: String, _ description: String, schema: JSONValue = ["type": "string"]) -> Self {
        Self(name: name, location: .header, description: description, schema: schema)
    }
}

extension JSONValue {
    /// `{"$ref": "#/components/schemas/<name>"}`.
    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    /// A nullable type in OpenAPI 3.1 (JSON Schema 2020-12) spelling.
    static func nullable(_ type: String) -> JSONValue { ["type": [.string(type), "null"]] }
}
