import HTTPServer

/// Rejects requests for hosts not in ALLOWED_HOSTS (DNS-rebinding and Host
/// header attacks). `/health/` is exempt: Railway probes it with its own Host.
struct AllowedHostsMiddleware: Middleware {
    let allowed: [String]

    func willHandle(_ request: inout Request) -> Response? {
        guard request.path != "/health/", !allowed.contains("*") else { return nil }
        guard let host = request.head.host.map(Self.hostname), isAllowed(host) else {
            return HTTPError(.badRequest, message: "Invalid host").response()
        }
        return nil
    }

    /// `.example.com` matches example.com and its subdomains (Django's rule).
    func isAllowed(_ host: String) -> Bool {
        let host = host.lowercased()
        return allowed.contains { pattern in
            let pattern = pattern.lowercased()
            if pattern.hasPrefix(".") { return host == pattern.dropFirst() || host.hasSuffix(pattern) }
            return host == pattern
        }
    }

    /// The host without its port; IPv6 literals keep their address without brackets.
    static func hostname(_ authority: String) -> String {
        if authority.hasPrefix("[") {
            return String(authority.dropFirst().prefix { $0 != "]" })
        }
        return String(authority.prefix { $0 != ":" })
    }
}
