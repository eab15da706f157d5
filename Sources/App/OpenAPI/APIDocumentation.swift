import HTTPServer

/// The description of every route, keyed by method and pattern exactly as the route table
/// registers them (`GET /api/tracks/:id/`). A route missing here is left out of the document
/// and fails `OpenAPIDocumentTests`.
enum APIDocumentation {
    /// The registry key of a route.
    static func key(_ method: HTTPMethod, _ pattern: String) -> String { "\(method.rawValue) \(pattern)" }

    /// Every documented operation.
    static let operations: [String: RouteDocumentation] = {
        var all: [String: RouteDocumentation] = [:]
        for group in [service, auth, tracks, files, fragments, mcp] {
            all.merge(group) { first, _ in first }
        }
        return all
    }()

    /// The description of `route`, when it has one.
    static func documentation(for route: Route) -> RouteDocumentation? {
        operations[key(route.method, route.pattern.description)]
    }
}
