public import Logging

/// Routes requests to handlers through the middleware chain, and maps errors
/// to responses at this one edge.
public struct Router: HTTPResponder {
    private let routes: [Route]
    private let middlewares: [any Middleware]
    private let fallback: Route.Handler?
    private let logger: Logger

    /// A router over `routes`.
    /// - Parameters:
    ///   - middlewares: run in order before routing, and in reverse on the response.
    ///   - fallback: answers GET/HEAD that match no route (static files); 404 JSON otherwise.
    public init(routes: [Route], middlewares: [any Middleware] = [], fallback: Route.Handler? = nil, logger: Logger) {
        self.routes = routes
        self.middlewares = middlewares
        self.fallback = fallback
        self.logger = logger
    }

    public func respond(to request: Request) -> ResponderResult {
        var request = request
        for (index, middleware) in middlewares.enumerated() {
            if var early = middleware.willHandle(&request) {
                finish(request, &early, through: index)
                return .ready(early)
            }
        }
        let (handler, context, route) = resolve(&request)
        let outcome: Route.Outcome
        do {
            switch handler {
            case .immediate(let handle): outcome = .now(try handle(request, context))
            case .async(let handle):
                let request = request
                outcome = .later { try await handle(request, context) }
            case .deferrable(let handle): outcome = try handle(request, context)
            }
        } catch {
            outcome = .now(errorResponse(error, request: request, route: route))
        }
        switch outcome {
        case .now(var response):
            finish(request, &response, through: middlewares.count - 1)
            response.route = route
            return .ready(response)
        case .later(let work):
            let request = request
            return .pending { [self] in
                var response: Response
                do {
                    response = try await work()
                } catch {
                    response = errorResponse(error, request: request, route: route)
                }
                finish(request, &response, through: middlewares.count - 1)
                response.route = route
                return response
            }
        }
    }

    private func finish(_ request: Request, _ response: inout Response, through last: Int) {
        guard last >= 0 else { return }
        for middleware in middlewares[0...last].reversed() { middleware.didHandle(request, response: &response) }
    }

    /// Finds the handler, applying 405 and the body limit; with the
    /// pattern that matched (`static` for the fallback), nil when none did.
    private func resolve(_ request: inout Request) -> (Route.Handler, RequestContext, String?) {
        let segments = RoutePattern.split(request.path)
        let method = request.method == .head ? HTTPMethod.get : request.method
        var allowed: [HTTPMethod] = []
        for route in routes {
            guard let parameters = route.pattern.match(segments) else { continue }
            guard route.method == method else {
                allowed.append(route.method)
                continue
            }
            let limit = route.maxBodyBytes ?? Int.max
            if let limit = route.maxBodyBytes { request.body.setMaxBytes(limit) }
            if let declared = request.head.framing.declaredLength, declared > limit {
                var tooLarge = route.tooLarge?() ?? HTTPError(.contentTooLarge, message: "Request body too large").response()
                tooLarge.closeConnection = true
                let response = tooLarge
                return (.immediate({ _, _ in response }), RequestContext(), route.pattern.description)
            }
            return (route.handler, RequestContext(parameters: parameters), route.pattern.description)
        }
        if !allowed.isEmpty {
            let allow = (allowed.contains(.get) ? allowed + [.head] : allowed).map(\.rawValue).joined(separator: ", ")
            let response = HTTPError(.methodNotAllowed, message: "Method not allowed").response()
            return (
                .immediate({ _, _ in
                    var r = response
                    r.headers.add("Allow", allow)
                    return r
                }), RequestContext(), nil
            )
        }
        if method == .get, let fallback { return (fallback, RequestContext(), "static") }
        return (.immediate({ _, _ in throw HTTPError(.notFound, message: "Not found") }), RequestContext(), nil)
    }

    private func errorResponse(_ error: any Error, request: Request?, route: String?) -> Response {
        if let error = error as? any HTTPResponseError { return error.response() }
        if error is ConnectionClosedError {
            // The client went away mid-request: nobody will read this answer.
            return HTTPError(.badRequest, message: "Connection closed").response()
        }
        let id = request?.id ?? ""
        logger.error(
            "unhandled error",
            metadata: [
                "request_id": "\(id)", "error": "\(error)", "method": "\(request?.method.rawValue ?? "")", "route": "\(route ?? "none")",
            ])
        return .json(["error": "Internal server error", "request_id": id], status: .internalServerError)
    }
}
