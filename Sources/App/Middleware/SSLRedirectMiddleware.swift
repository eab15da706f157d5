import HTTPServer

/// Redirects plain-http requests to https when SECURE_SSL_REDIRECT is on,
/// judging by the proxy's X-Forwarded-Proto (TLS ends at Railway's edge).
struct SSLRedirectMiddleware: Middleware {
    func willHandle(_ request: inout Request) -> Response? {
        guard request.path != "/health/", request.headers["x-forwarded-proto"]?.lowercased() != "https",
              let host = request.head.host else { return nil }
        let target = request.head.target.hasPrefix("/") ? request.head.target : request.path
        return Response(status: .movedPermanently, headers: ["Location": "https://\(host)\(target)"])
    }
}
