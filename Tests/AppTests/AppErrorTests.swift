import Foundation
import HTTPServer
import Testing

@testable import App

/// Each refusal answers with the status and body API.md gives it.
@Suite struct AppErrorTests {
    @Test(arguments: [
        (AppError.badRequest("points must be an integer"), 400, #"{"error":"points must be an integer"}"#),
        (.validation("fragment_id must be a UUID"), 400, #"{"error":"validation_error","message":"fragment_id must be a UUID"}"#),
        (.invalidCredentials("Invalid credentials"), 401, #"{"error":"Invalid credentials"}"#),
        (.forbidden("Origin not allowed"), 403, #"{"error":"Origin not allowed"}"#),
        (.notFound(), 404, #"{"error":"Not found"}"#),
        (.trackNotFound, 404, #"{"error":"Track not found"}"#),
        (.detailNotFound, 404, #"{"detail":"Not found."}"#),
        (.fileTooLarge(limitMB: 50), 413, #"{"error":"File too large","limit_mb":50}"#),
        (.unsupportedFormat("Cannot decode audio/aac"), 422, #"{"error":"unsupported_format","message":"Cannot decode audio/aac"}"#),
        (.tooManyRequests, 429, #"{"error":"Too many requests"}"#),
        (
            .demoLimitExceeded(requestCount: 11, requestLimit: 10), 429,
            #"{"error":"Demo request limit exceeded","request_count":11,"request_limit":10}"#
        ),
        (.insufficientStorage, 507, #"{"error":"Insufficient storage"}"#),
    ])
    func bodies(error: AppError, status: Int, body: String) throws {
        let response = error.response()
        #expect(response.status.code == status)
        #expect(error.status == response.status)
        #expect(response.headers["Content-Type"] == "application/json")
        let expected = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? NSDictionary
        #expect(response.json as NSDictionary == expected, "\(response.text)")
    }

    @Test func unauthorizedAsksForABearerToken() {
        let response = AppError.unauthorized(detail: "Token expired").response()
        #expect(response.status == .unauthorized)
        #expect(response.headers["WWW-Authenticate"] == "Bearer")
        #expect(response.json as NSDictionary == ["error": "unauthorized", "detail": "Token expired"] as NSDictionary)
    }
}
