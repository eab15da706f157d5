import Chat

/// The shared schemas and security schemes of the OpenAPI document (API.md's shapes).
enum OpenAPIComponents {
    /// `components` of the document.
    static var value: JSONValue {
        [
            "schemas": .object(errorSchemas.merging(resourceSchemas) { $1 }.merging(mcpSchemas) { $1 }),
            "securitySchemes": securitySchemes,
        ]
    }

    /// API.md "Authentication": the API key header or an HS256 access token.
    static let securitySchemes: JSONValue = [
        "apiKey": ["type": "apiKey", "in": "header", "name": "X-API-Key", "description": "The server's API_KEY (an administrator)."],
        "bearerAuth": [
            "type": "http", "scheme": "bearer", "bearerFormat": "JWT",
            "description": "An access token from /api/auth/login/ or /api/auth/demo/.",
        ],
    ]

    static func object(_ properties: [String: JSONValue], required: [String], closed: Bool = false) -> JSONValue {
        var schema: [String: JSONValue] = [
            "type": "object", "properties": .object(properties), "required": .array(required.map { .string($0) }),
        ]
        if closed { schema["additionalProperties"] = false }
        return .object(schema)
    }

    static let string: JSONValue = ["type": "string"]
    static let integer: JSONValue = ["type": "integer"]
    static let number: JSONValue = ["type": "number"]
    static let anyObject: JSONValue = ["type": "object"]

    // MARK: Errors

    private static let errorSchemas: [String: JSONValue] = [
        "Error": object(["error": string, "message": string, "request_id": string], required: ["error"]),
        "Detail": object(["detail": string], required: ["detail"]),
        "Unauthorized": object(["error": ["const": "unauthorized"], "detail": string], required: ["error", "detail"]),
        "FileTooLarge": object(["error": string, "limit_mb": integer], required: ["error", "limit_mb"]),
        "DemoLimitExceeded": object(
            ["error": string, "request_count": integer, "request_limit": integer],
            required: ["error", "request_count", "request_limit"]),
        "ValidationError": object(["error": ["const": "validation_error"], "message": string], required: ["error", "message"]),
        "UnsupportedFormat": object(["error": ["const": "unsupported_format"], "message": string], required: ["error", "message"]),
    ]

    // MARK: Resources

    private static let status: JSONValue = ["type": "string", "enum": ["pending", "analyzing", "ready", "failed"]]
    private static let timestamp: JSONValue = ["type": "string", "format": "date-time"]

    private static let resourceSchemas: [String: JSONValue] = [
        "Track": object(
            [
                "track_id": string, "original_filename": string, "filename": string, "url": string, "size": integer,
                "sha256": string, "duration": .nullable("number"), "sample_rate": .nullable("integer"),
                "channels": .nullable("integer"), "format": string, "status": status, "status_message": string,
                "created_at": timestamp, "analyzed_at": ["type": ["string", "null"]], "spectrogram_url": .nullable("string"),
                "analysis": [
                    "type": "object", "description": "Each agent's result, or {\"error\": …} for an agent that failed; {} until analysis ends.",
                ],
            ], required: ["track_id", "filename", "url", "status", "created_at", "analysis"]),
        "TrackSummary": object(
            [
                "track_id": string, "original_filename": string, "status": status, "duration": .nullable("number"),
                "created_at": timestamp,
            ], required: ["track_id", "original_filename", "status", "duration", "created_at"]),
        "TrackCreated": object(
            ["track_id": string, "filename": string, "status": ["const": "pending"], "url": string],
            required: ["track_id", "filename", "status", "url"]),
        "Waveform": object(
            [
                "duration": number, "points": integer, "min": ["type": "array", "items": number],
                "max": ["type": "array", "items": number],
            ], required: ["duration", "points", "min", "max"]),
        "FragmentPending": object(
            ["fragment_id": string, "status": ["const": "pending"], "poll_url": string], required: ["fragment_id", "status"]),
        "FragmentComplete": object(
            [
                "fragment_id": string, "status": ["const": "complete"], "model_version": string, "dimensions": anyObject,
                "descriptors": ["type": "array", "items": string], "raw_data": anyObject,
            ], required: ["fragment_id", "status", "model_version", "dimensions", "descriptors", "raw_data"]),
        "FragmentFailed": object(
            ["fragment_id": string, "status": ["const": "failed"], "error": string], required: ["fragment_id", "status", "error"]),
        "Health": object(
            [
                "status": ["type": "string", "enum": ["healthy", "unhealthy"]], "version": string, "uptime_seconds": integer,
                "checks": anyObject,
            ], required: ["status", "version", "uptime_seconds", "checks"]),
        "APIHealth": object(
            [
                "status": ["const": "ok"], "version": string, "agents": ["type": "array", "items": string],
                "max_upload_mb": integer, "allowed_extensions": ["type": "array", "items": string], "llm_model": string,
            ], required: ["status", "version", "agents", "max_upload_mb", "allowed_extensions", "llm_model"]),
        "Tokens": object(
            ["access": string, "refresh": string, "is_demo": ["type": "boolean"]],
            required: ["access", "refresh", "is_demo"]),
        "DemoTokens": object(
            ["access": string, "refresh": string, "is_demo": ["const": true], "request_limit": integer],
            required: ["access", "refresh", "is_demo", "request_limit"]),
        "AccessToken": object(["access": string], required: ["access"]),
    ]

    // MARK: MCP

    private static let id: JSONValue = ["type": ["string", "integer", "null"]]

    private static let mcpSchemas: [String: JSONValue] = [
        "JSONRPCMessage": [
            "type": "object", "description": "A JSON-RPC 2.0 request, notification or response.",
            "properties": ["jsonrpc": ["const": "2.0"], "id": id, "method": string, "params": anyObject],
            "required": ["jsonrpc"],
        ],
        "JSONRPCReply": object(
            [
                "jsonrpc": ["const": "2.0"], "id": id, "result": anyObject,
                "error": object(["code": integer, "message": string, "data": [:]], required: ["code", "message"]),
            ], required: ["jsonrpc", "id"]),
    ]
}
