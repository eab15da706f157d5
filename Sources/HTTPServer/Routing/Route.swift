/// A handler for one method and path pattern.
public struct Route: Sendable {
    /// How a route produces its response.
    public enum Handler: Sendable {
        /// Runs on the event loop: only for work that never blocks (cached data, pure computation).
        case immediate(@Sendable (Request, RequestContext) throws -> Response)
        /// Runs as a task off the loop.
        case async(@Sendable (Request, RequestContext) async throws -> Response)
        /// Decides on the loop: answer now (e.g. from a fresh cache) or hand work off.
        case deferrable(@Sendable (Request, RequestContext) throws -> Outcome)
    }

    /// What a `deferrable` handler decided.
    public enum Outcome: Sendable {
        /// The response, computed on the loop.
        case now(Response)
        /// Work to run off the loop.
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

    /// Path segments; a trailing slash yields a final empty segment.
    static func split(_ path: String) -> [Substring] {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.first == "" { parts.removeFirst() }
        return parts
    }

    /// The parameters when `segments` of a path match, else nil.
    func match(_ path: [Substring]) -> [String: String]? {
        var parameters: [String: String] = [:]
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .rest:
                parameters["*"] = path[index...].joined(separator: "/")
                return parameters
            case .literal(let text):
                guard index < path.count, path[index] == text else { return nil }
            case .parameter(let name):
                guard index < path.count, !path[index].isEmpty else { return nil }
                parameters[name] = String(path[index])
            }
        }
        return path.count == segments.count ? parameters : nil
    }
}
