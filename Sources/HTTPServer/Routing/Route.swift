/// A handler for one method and path pattern.
public struct Route: Sendable {
    /// How a route produces its response.
    public enum Handler: Sendable {
        /// Runs on the event loop: only for work that never blocks (cached data, pure computation).
        case immediate(@Sendable (Request, RequestContext) throws -> Response)
        /// Runs as a task that prefers the connection's loop (it starts and resumes there, so
        /// no thread hand-off per request): it may await anything, but work that blocks goes to its own executor.
        case async(@Sendable (Request, RequestContext) async throws -> Response)
        /// Decides on the loop: answer now (e.g. from a fresh cache) or hand work off.
        case deferrable(@Sendable (Request, RequestContext) throws -> Outcome)
    }

    /// What a `deferrable` handler decided.
    public enum Outcome: Sendable {
        /// The response, computed on the loop.
        case now(Response)
        /// Work to run as a task (see `Handler.async`).
        case later(@Sendable () async throws -> Response)
    }

    public let method: HTTPMethod
    public let pattern: RoutePattern
    public let handler: Handler
    /// Most body bytes accepted; nil uses the server's default.
    public let maxBodyBytes: Int?
    /// The 413 answer when the body is larger; nil uses the stock one.
    public let tooLarge: (@Sendable () -> Response)?

    /// A route for `method` on `pattern` (see `RoutePattern`).
    public init(
        _ method: HTTPMethod, _ pattern: String, maxBodyBytes: Int? = nil,
        tooLarge: (@Sendable () -> Response)? = nil, handler: Handler
    ) {
        self.method = method
        self.pattern = RoutePattern(pattern)
        self.handler = handler
        self.maxBodyBytes = maxBodyBytes
        self.tooLarge = tooLarge
    }
}

/// A path pattern: literal segments, `:name` parameters and a final `*` rest,
/// e.g. `/api/tracks/:id/`. A trailing slash is significant.
public struct RoutePattern: Sendable, CustomStringConvertible {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
        case rest
    }

    let segments: [Segment]
    public let description: String

    /// Parses `pattern`.
    public init(_ pattern: String) {
        description = pattern
        segments = RoutePattern.split(pattern).map { part in
            if part == "*" { return .rest }
            if part.hasPrefix(":") { return .parameter(String(part.dropFirst())) }
            return .literal(String(part))
        }
    }

    /// Path segments; a trailing slash yields a final empty segment. Split on the
    /// bytes: a path is bytes, and splitting by Characters cost a visible share of each request.
    static func split(_ path: String) -> [Substring] {
        var parts: [Substring] = []
        let utf8 = path.utf8
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == UInt8(ascii: "/") {
                parts.append(path[start..<index])
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        parts.append(path[start...])
        if parts.first?.isEmpty == true { parts.removeFirst() }
        return parts
    }

    /// Whether `path` (without its query) matches.
    public func matches(_ path: String) -> Bool { match(Self.split(path)) != nil }

    /// The parameters when `segments` of a path match, else nil.
    func match(_ path: [Substring]) -> [String: String]? {
        var parameters: [String: String] = [:]
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .rest:
                parameters["*"] = path[index...].joined(separator: "/")
                return parameters
            case .literal(let text):
                guard index < path.count, path[index].utf8.elementsEqual(text.utf8) else { return nil }
            case .parameter(let name):
                guard index < path.count, !path[index].isEmpty else { return nil }
                parameters[name] = String(path[index])
            }
        }
        return path.count == segments.count ? parameters : nil
    }
}
