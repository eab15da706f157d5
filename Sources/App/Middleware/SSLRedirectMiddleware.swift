import HTTPServer

/// Redirects plain-http requests to https when SECURE_SSL_REDIRECT is on,
/// judging by the proxy's X-Forwarded-Proto (TLS ends at Railway's edge).
///
/// The Location is built from the host as `HTTPHost` parsed it, never from the raw field, so a
/// host the grammar refuses is never reflected (the allowed-hosts check runs first anyway).
struct SSLRedirectMiddleware: Middleware {
    func willHandle(_ request: inout Request) -> Response? {
        guard request.path != "/health/", request.headers["x-forwarded-proto"]?.lowercased() != "https" else { return nil }
        guard let host = request.head.parsedHost else {
            return request.head.host == nil ? nil : AppError.badRequest("Invalid host").response()
        }
        let target = request.head.target.hasPrefix("/") ? request.head.target : request.path
        return Response(status: .movedPermanently, headers: ["Location": "https://\(host)\(target)"])
    }
}
