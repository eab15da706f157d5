import HTTPServer

/// Security headers on every response, and the request id echoed back.
struct SecurityHeadersMiddleware: Middleware {
    /// The default policy: everything the site needs comes from itself; nothing may frame it.
    static let defaultContentSecurityPolicy = defaultContentSecurityPolicy(mediaOrigins: [])

    /// The default policy, with `mediaOrigins` (a bucket that `/media/…` and the spectrogram
    /// redirect to) allowed for images and audio: CSP checks the origin a redirect lands on.
    static func defaultContentSecurityPolicy(mediaOrigins: [String]) -> String {
        let extra = mediaOrigins.map { " " + $0 }.joined()
        return [
            "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob:\(extra)",
            "media-src 'self' blob:\(extra)", "connect-src 'self' ws: wss:", "font-src 'self'", "object-src 'none'",
            "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
        ].joined(separator: "; ")
    }

    /// The policy sent on every response (CONTENT_SECURITY_POLICY, else the default above).
    let contentSecurityPolicy: String

    init(contentSecurityPolicy: String = Self.defaultContentSecurityPolicy) {
        self.contentSecurityPolicy = contentSecurityPolicy
    }

    func didHandle(_ request: Request, response: inout Response) {
        response.headers.add("X-Content-Type-Options", "nosniff")
        response.headers.add("X-Frame-Options", "DENY")
        response.headers.add("Referrer-Policy", "same-origin")
        response.headers.add("Content-Security-Policy", contentSecurityPolicy)
        response.headers.add("X-Request-ID", request.id)
        if request.headers["x-forwarded-proto"]?.lowercased() == "https" {
            response.headers.add("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        }
    }
}
