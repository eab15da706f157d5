import Foundation

/// HS256 JSON Web Tokens (RFC 7519) for access and refresh tokens, compatible
/// with the ported app's claims: `sub`, `exp`, `iat`, `type`, `is_demo`.
struct JSONWebToken: Sendable {
    /// The claims we issue and accept.
    struct Claims: Codable, Equatable, Sendable {
        var sub: String
        var exp: Int
        var iat: Int
        var type: TokenType
        var is_demo: Bool
    }

    enum TokenType: String, Codable, Sendable { case access, refresh }

    /// Why a token was refused; descriptions are safe for a 401 body.
    enum Failure: Error, Equatable, CustomStringConvertible {
        case malformed, unsupportedAlgorithm, badSignature, expired, wrongType
        var description: String {
            switch self {
            case .malformed: "Malformed token"
            case .unsupportedAlgorithm: "Unsupported token algorithm"
            case .badSignature: "Invalid token signature"
            case .expired: "Token expired"
            case .wrongType: "Wrong token type"
            }
        }
    }

    private let key: HMACSHA256Key

    init(secret: String) { key = HMACSHA256Key(Array(secret.utf8)) }

    private static let header = Crypto.base64URL(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8))

    /// A signed token carrying `claims`.
    func sign(_ claims: Claims) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let payload = Crypto.base64URL(Array((try? encoder.encode(claims)) ?? Data()))
        let input = Self.header + "." + payload
        return input + "." + Crypto.base64URL(key.authenticationCode(for: Array(input.utf8)))
    }

    /// The claims of a valid, unexpired token of `type`.
    func verify(_ token: String, type: TokenType, now: Int = Int(Date().timeIntervalSince1970)) throws(Failure) -> Claims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard token.utf8.count <= 4096, parts.count == 3, let headerBytes = Crypto.fromBase64URL(parts[0]),
            let header = try? JSONDecoder().decode([String: String].self, from: Data(headerBytes))
        else { throw .malformed }
        // Only HS256: "none" and asymmetric algorithms are never accepted (RFC 8725 §3.1).
        guard header["alg"] == "HS256" else { throw .unsupportedAlgorithm }
        guard let signature = Crypto.fromBase64URL(parts[2]) else { throw .malformed }
        let expected = key.authenticationCode(for: Array("\(parts[0]).\(parts[1])".utf8))
        guard Crypto.constantTimeEquals(signature, expected) else { throw .badSignature }
        guard let payload = Crypto.fromBase64URL(parts[1]),
            let claims = try? JSONDecoder().decode(Claims.self, from: Data(payload))
        else { throw .malformed }
        guard claims.exp > now else { throw .expired }
        guard claims.type == type else { throw .wrongType }
        return claims
    }
}
