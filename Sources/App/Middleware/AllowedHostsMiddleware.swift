import HTTPServer

/// Rejects requests for hosts not in ALLOWED_HOSTS (DNS-rebinding and Host
/// header attacks). `/health/` is exempt: Railway probes it with its own Host.
///
/// The host is read with `HTTPHost` (RFC 9110 §7.2), the grammar the request parser enforces,
/// so `127.0.0.1:8000@evil.com` is no host at all rather than `127.0.0.1`.
struct AllowedHostsMiddleware: Middleware {
    let allowed: [String]

    func willHandle(_ request: inout Request) -> Response? {
        guard request.path != "/health/", !allowed.contains("*") else { return nil }
        guard let host = request.head.parsedHost, isAllowed(host.name) else {
            return AppError.badRequest("Invalid host").response()
        }
        return nil
    }

    /// `.example.com` matches example.com and its subdomains (Django's rule).
    /// - Parameter host: a host name, lower-cased; an IPv6 address without brackets.
    func isAllowed(_ host: String) -> Bool {
        allowed.contains { pattern in
            var pattern = Substring(pattern.lowercased())
            if pattern.hasPrefix("[") && pattern.hasSuffix("]") { pattern = pattern.dropFirst().dropLast() }
            if pattern.hasPrefix(".") { return host == pattern.dropFirst() || host.hasSuffix(pattern) }
            return host == pattern
        }
    }
}
