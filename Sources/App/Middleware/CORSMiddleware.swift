import HTTPServer

/// Cross-origin access for CORS_ALLOWED_ORIGINS, including preflight (Fetch standard §3.2).
struct CORSMiddleware: Middleware {
    let allowedOrigins: [String]
    static let allowedMethods = "GET, HEAD, POST, DELETE, OPTIONS"
    static let allowedHeaders = "Authorization, Content-Type, X-API-Key, X-Request-ID"

    func willHandle(_ request: inout Request) -> Response? {
        guard request.method == .options, request.headers["access-control-request-method"] != nil,
            let origin = request.headers["origin"]
        else { return nil }
        guard allowedOrigins.contains(origin) else {
            return AppError.forbidden("Origin not allowed").response()
        }
        var response = Response(status: .noContent)
        response.headers.add("Access-Control-Allow-Methods", Self.allowedMethods)
        response.headers.add("Access-Control-Allow-Headers", Self.allowedHeaders)
        response.headers.add("Access-Control-Max-Age", "600")
        return response
    }

    func didHandle(_ request: Request, response: inout Response) {
        guard let origin = request.headers["origin"], allowedOrigins.contains(origin) else { return }
        response.headers.add("Access-Control-Allow-Origin", origin)
        response.headers.add("Vary", "Origin")
    }
}
