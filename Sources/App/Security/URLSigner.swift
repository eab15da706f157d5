import Foundation

/// Signed, expiring URLs for media and images, so `<audio>` and `<img>` can
/// load them without headers: `?expires=<unix>&sig=<hex HMAC-SHA256>`.
struct URLSigner: Sendable {
    private let key: HMACSHA256Key
    /// Lifetime of new URLs, in seconds.
    let ttl: Int

    init(secret: String, ttl: Int) {
        // A key of its own, derived from SECRET_KEY, so a media signature is never a valid token signature.
        key = HMACSHA256Key(Crypto.hmacSHA256(key: Array(secret.utf8), message: Array("signed-media-url".utf8)))
        self.ttl = ttl
    }

    /// `path?expires=…&sig=…`.
    func sign(path: String, now: Int = Int(Date().timeIntervalSince1970)) -> String {
        let expires = now + ttl
        return "\(path)?expires=\(expires)&sig=\(signature(path: path, expires: expires))"
    }

    /// Whether `sig` is the signature of `path` until `expires`, and it has not passed.
    func verify(path: String, expires: String?, signature given: String?, now: Int = Int(Date().timeIntervalSince1970)) -> Bool {
        guard let expires, let expiry = Int(expires), let given, expiry > now else { return false }
        return Crypto.constantTimeEquals(Array(given.utf8), Array(signature(path: path, expires: expiry).utf8))
    }

    private func signature(path: String, expires: Int) -> String {
        Crypto.hex(key.authenticationCode(for: Array("\(path)\n\(expires)".utf8)))
    }
}
