import HTTPServer

/// A client went over a per-address rate limit: `429 {"error":"Too many requests"}`
/// with `Retry-After` in whole seconds.
struct RateLimitExceeded: Error, Equatable, HTTPResponseError {
    /// Seconds until the client may try again, ≥ 1.
    let retryAfterSeconds: Int
    var status: HTTPStatus { .tooManyRequests }

    func response() -> Response {
        var response = AppError.tooManyRequests.response()
        response.headers.add("Retry-After", String(max(1, retryAfterSeconds)))
        return response
    }
}
