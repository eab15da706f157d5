import Foundation
import HTTPServer

/// Turns credentials into an `Identity`: the API key (compared in constant
/// time) or an HS256 access token (API.md "Authentication").
struct Authenticator: Sendable {
    private let apiKey: [UInt8]
    let tokens: JSONWebToken

    init(apiKey: String, secretKey: String) {
        self.apiKey = Array(apiKey.utf8)
        tokens = JSONWebToken(secret: secretKey)
    }

    /// Why authentication failed; `detail` is safe for the 401 body.
    struct Failure: Error, Equatable, HTTPResponseError {
        let detail: String
        var status: HTTPStatus { .unauthorized }
        func response() -> Response { AppError.unauthorized(detail: detail).response() }
    }

    /// The identity of an HTTP request: `X-API-Key` or `Authorization: Bearer`.
    func identify(headers: HTTPHeaders) throws(Failure) -> Identity {
        if let key = headers["x-api-key"] { return try identify(apiKey: key) }
        if let authorization = headers["authorization"] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw Failure(detail: "Authorization must be a Bearer token")
            }
            return try identify(token: String(parts[1]))
        }
        throw Failure(detail: "Authentication credentials were not provided")
    }

    /// The identity of a WebSocket request: `?api_key=` or `?token=`.
    func identify(query request: Request) throws(Failure) -> Identity {
        if let key = request.query("api_key") { return try identify(apiKey: key) }
        if let token = request.query("token") { return try identify(token: token) }
        throw Failure(detail: "Authentication credentials were not provided")
    }

    private func identify(apiKey key: String) throws(Failure) -> Identity {
        guard Crypto.constantTimeEquals(Array(key.utf8), apiKey) else { throw Failure(detail: "Invalid API key") }
        return .apiKey
    }

    private func identify(token: String) throws(Failure) -> Identity {
        do {
            let claims = try tokens.verify(token, type: .access)
            guard let id = Int64(claims.sub) else { throw Failure(detail: "Malformed token") }
            return .user(id: id, isDemo: claims.is_demo)
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(detail: "\(error)")
        }
    }
}
