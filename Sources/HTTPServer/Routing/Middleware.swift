/// A step every request and response passes through, run on the event loop.
///
/// Middleware here is synchronous on purpose: host checks, CORS, redirects and
/// security headers need no I/O, and staying on the loop keeps cheap routes cheap.
public protocol Middleware: Sendable {
    /// Inspects (and may amend) the request before routing; a returned response
    /// answers it at once, skipping the route.
    func willHandle(_ request: inout Request) -> Response?
    /// Amends every response, including early and error ones.
    func didHandle(_ request: Request, response: inout Response)
}

extension Middleware {
    public func willHandle(_ request: inout Request) -> Response? { nil }
    public func didHandle(_ request: Request, response: inout Response) {}
}
