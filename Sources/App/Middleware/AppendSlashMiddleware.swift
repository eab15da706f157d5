import HTTPServer

/// Django's APPEND_SLASH, which the original clients rely on (API.md): a GET or HEAD to a
/// route's path without its trailing slash is answered 301 to the slashed path, with Django
/// REST framework's `{"detail": …}` body. Paths that name a file (a dot in the last segment)
/// and paths some route takes as they are never redirect.
struct AppendSlashMiddleware: Middleware {
    private let patterns: [RoutePattern]
    private let readable: [RoutePattern]

    init(routes: [Route]) {
        patterns = routes.map(\.pattern)
        readable = routes.filter { $0.method == .get }.map(\.pattern)
    }

    func willHandle(_ request: inout Request) -> Response? {
        guard request.method == .get || request.method == .head else { return nil }
        let path = request.path
        guard let last = path.utf8.last, last != UInt8(ascii: "/"), let name = path.split(separator: "/").last,
            !name.contains(".")
        else { return nil }
        let slashed = path + "/"
        guard !patterns.contains(where: { $0.matches(path) }), readable.contains(where: { $0.matches(slashed) }) else { return nil }
        // The raw target keeps the client's percent-encoding and query.
        let target = request.head.target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        guard let rawPath = target.first, rawPath.hasPrefix("/") else { return nil }
        let location = rawPath + "/" + (target.count > 1 ? "?" + target[1] : "")
        return .json(["detail": "Moved permanently"], status: .movedPermanently, headers: ["Location": String(location)])
    }
}
