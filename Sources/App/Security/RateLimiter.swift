import Foundation
import Synchronization

/// A token bucket per key (client address): `burst` requests at once, refilled
/// at `perMinute`. Old idle buckets are dropped so memory stays bounded.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    private let buckets = Mutex<[String: Bucket]>([:])
    private let burst: Double
    private let perSecond: Double
    private let maxKeys: Int

    /// A limiter allowing `burst` at once and `perMinute` sustained.
    init(burst: Int, perMinute: Int, maxKeys: Int = 100_000) {
        self.burst = Double(burst)
        perSecond = Double(perMinute) / 60
        self.maxKeys = maxKeys
    }

    /// Takes one token for `key`; false when the key is over its limit.
    func allow(_ key: String, now: Double = Date().timeIntervalSince1970) -> Bool {
        buckets.withLock { buckets in
            if buckets.count >= maxKeys { prune(&buckets, now: now) }
            var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
            bucket.tokens = min(burst, bucket.tokens + (now - bucket.updated) * perSecond)
            bucket.updated = now
            guard bucket.tokens >= 1 else {
                buckets[key] = bucket
                return false
            }
            bucket.tokens -= 1
            buckets[key] = bucket
            return true
        }
    }

    /// Drops buckets that have refilled completely (they hold no information).
    private func prune(_ buckets: inout [String: Bucket], now: Double) {
        let full = burst / max(perSecond, 1e-9)
        buckets = buckets.filter { now - $0.value.updated < full }
        if buckets.count >= maxKeys { buckets.removeAll() }
    }
}

/// The client address a request counts against: the socket peer, or, when
/// the peer is a trusted proxy, the nearest untrusted X-Forwarded-For hop.
struct ClientAddress {
    let trustedProxies: Set<String>

    func resolve(remote: String, forwardedFor: String?) -> String {
        guard trustedProxies.contains(remote), let forwardedFor else { return remote }
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        // Walk from the right: each trusted hop vouches for the one before it.
        for hop in hops.reversed() where !trustedProxies.contains(hop) { return hop }
        return hops.first ?? remote
    }
}
