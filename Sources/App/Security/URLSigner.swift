import Foundation
import Synchronization

/// Signed, expiring URLs for media and images, so `<audio>` and `<img>` can
/// load them without headers: `?expires=<unix>&sig=<hex HMAC-SHA256>`.
///
/// Expiry times fall on a grid of half the lifetime (at most an hour), so the
/// same file gets the same URL for a while and the browser's cache works; a
/// URL then lives between half and all of MEDIA_URL_TTL, never longer.
struct URLSigner: Sendable {
    private let key: HMACSHA256Key
    /// Lifetime of new URLs, in seconds.
    let ttl: Int
    /// Signatures made for the current expiry time: a track read signs the same paths again and
    /// again until the grid moves on, and the HMAC was the largest cost of writing the track JSON.
    private let signed = SignatureCache()

    init(secret: String, ttl: Int) {
        // A key of its own, derived from SECRET_KEY, so a media signature is never a valid token signature.
        key = HMACSHA256Key(Crypto.hmacSHA256(key: Array(secret.utf8), message: Array("signed-media-url".utf8)))
        self.ttl = ttl
    }

    /// The spacing of expiry times, in seconds.
    var granularity: Int { max(1, min(3600, ttl / 2)) }

    /// `path?expires=…&sig=…`.
    func sign(path: String, now: Int = Int(Date().timeIntervalSince1970)) -> String {
        let expires = (now + ttl) / granularity * granularity
        return signed.url(path: path, expires: expires) {
            "\(path)?expires=\(expires)&sig=\(signature(path: path, expires: expires))"
        }
    }

    /// Whether `sig` is the signature of `path` until `expires`, and it has not passed.
    func verify(path: String, expires: String?, signature given: String?, now: Int = Int(Date().timeIntervalSince1970)) -> Bool {
        guard let expires, let expiry = Int(expires), let given, expiry > now else { return false }
        return Crypto.constantTimeEquals(Array(given.utf8), Array(signature(path: path, expires: expiry).utf8))
    }

    /// How long a response fetched through a signed URL may be cached: until the URL expires.
    /// - Returns: `Cache-Control` for the response (private: the URL is a credential).
    func cacheControl(expires: String?, now: Int = Int(Date().timeIntervalSince1970)) -> String {
        let remaining = expires.flatMap(Int.init).map { max(0, $0 - now) } ?? 0
        return "private, max-age=\(min(remaining, ttl))"
    }

    private func signature(path: String, expires: Int) -> String {
        Crypto.hex(key.authenticationCode(for: Array("\(path)\n\(expires)".utf8)))
    }
}

/// Signed URLs for one expiry time, dropped when it changes; bounded, so many paths cost no more than
/// signing them afresh.
private final class SignatureCache: Sendable {
    private static let capacity = 4096
    private let state = Mutex<(expires: Int, urls: [String: String])>((0, [:]))

    func url(path: String, expires: Int, sign: () -> String) -> String {
        if let url = state.withLock({ $0.expires == expires ? $0.urls[path] : nil }) { return url }
        let url = sign()
        state.withLock { state in
            if state.expires != expires || state.urls.count >= Self.capacity { state = (expires, [:]) }
            state.urls[path] = url
        }
        return url
    }
}
