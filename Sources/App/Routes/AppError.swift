import HTTPServer

/// Every refusal the API answers with, and the JSON body API.md gives it. Handlers throw these;
/// the router turns them into responses at its one edge.
///
/// A struct over a private enum (Hummingbird's `PersistError` shape): new refusals are new
/// static members, and no caller switches over the cases.
struct AppError: HTTPResponseError, Equatable, Sendable {
    private enum Body: Equatable, Sendable {
        /// `{"error": message}`
        case message(String)
        /// `{"error": code, "message": message}`
        case coded(String, message: String)
        /// `{"detail": message}`: Django REST framework's shape, kept where the original answers with it.
        case detail(String)
        /// `{"error": "File too large", "limit_mb": n}`
        case fileTooLarge(limitMB: Int)
        /// `{"error": "unauthorized", "detail": why}` with `WWW-Authenticate: Bearer`.
        case unauthorized(detail: String)
        /// `{"error": "Demo request limit exceeded", "request_count": n, "request_limit": m}`
        case demoLimit(count: Int, limit: Int)
    }

    let status: HTTPStatus
    private let body: Body

    private init(_ status: HTTPStatus, _ body: Body) {
        self.status = status
        self.body = body
    }

    func response() -> Response {
        switch body {
        case .message(let text): .json(["error": text], status: status)
        case .coded(let code, let text): .json(["error": code, "message": text], status: status)
        case .detail(let text): .json(["detail": text], status: status)
        case .fileTooLarge(let limitMB): .json(FileTooLargeBody(limit_mb: limitMB), status: status)
        case .unauthorized(let detail):
            .json(["error": "unauthorized", "detail": detail], status: status, headers: ["WWW-Authenticate": "Bearer"])
        case .demoLimit(let count, let limit): .json(DemoLimitBody(request_count: count, request_limit: limit), status: status)
        }
    }

    private struct FileTooLargeBody: Encodable {
        var error = "File too large"
        let limit_mb: Int
    }

    private struct DemoLimitBody: Encodable {
        var error = "Demo request limit exceeded"
        let request_count: Int
        let request_limit: Int
    }

    // MARK: The refusals

    /// 400 `{"error": message}`: a malformed request.
    static func badRequest(_ message: String) -> AppError { AppError(.badRequest, .message(message)) }

    /// 400 `{"error":"validation_error","message"}`: a well-formed request with an invalid field.
    static func validation(_ message: String) -> AppError { AppError(.badRequest, .coded("validation_error", message: message)) }

    /// 401 `{"error": message}`: wrong credentials at sign-in or refresh.
    static func invalidCredentials(_ message: String) -> AppError { AppError(.unauthorized, .message(message)) }

    /// 401 `{"error":"unauthorized","detail"}` with `WWW-Authenticate: Bearer`: no or bad credentials.
    static func unauthorized(detail: String) -> AppError { AppError(.unauthorized, .unauthorized(detail: detail)) }

    /// 403 `{"error": message}`.
    static func forbidden(_ message: String) -> AppError { AppError(.forbidden, .message(message)) }

    /// 404 `{"error": message}`.
    static func notFound(_ message: String = "Not found") -> AppError { AppError(.notFound, .message(message)) }

    /// 404 `{"error":"Track not found"}`: no such track, or someone else's.
    static let trackNotFound = notFound("Track not found")

    /// 404 `{"detail":"Not found."}`: the original's body for an unknown fragment, or someone else's.
    static let detailNotFound = AppError(.notFound, .detail("Not found."))

    /// 413 `{"error":"File too large","limit_mb"}`: an upload over MAX_UPLOAD_MB.
    static func fileTooLarge(limitMB: Int) -> AppError { AppError(.contentTooLarge, .fileTooLarge(limitMB: limitMB)) }

    /// 422 `{"error":"unsupported_format","message"}`: a file the decoders cannot read.
    static func unsupportedFormat(_ message: String) -> AppError {
        AppError(.unprocessableContent, .coded("unsupported_format", message: message))
    }

    /// 429 `{"error":"Too many requests"}` (the rate limiter adds `Retry-After`).
    static let tooManyRequests = AppError(.tooManyRequests, .message("Too many requests"))

    /// 429 with the counts: a demo user past its request budget.
    static func demoLimitExceeded(requestCount: Int, requestLimit: Int) -> AppError {
        AppError(.tooManyRequests, .demoLimit(count: requestCount, limit: requestLimit))
    }

    /// 507 `{"error":"Insufficient storage"}`: the media volume is (nearly) full.
    static let insufficientStorage = AppError(.insufficientStorage, .message("Insufficient storage"))
}
