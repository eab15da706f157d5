import Testing

@testable import App

@Suite struct URLSignerTests {
    let signer = URLSigner(secret: "s", ttl: 3600)

    private func query(_ url: String) -> (path: String, expires: String?, sig: String?) {
        let parts = url.split(separator: "?", maxSplits: 1)
        var values: [String: String] = [:]
        for pair in parts[1].split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            values[String(kv[0])] = String(kv[1])
        }
        return (String(parts[0]), values["expires"], values["sig"])
    }

    @Test func signedURLsVerifyUntilTheyExpire() {
        let (path, expires, sig) = query(signer.sign(path: "/media/a.wav", now: 1000))
        #expect(expires == "3600")
        #expect(signer.verify(path: path, expires: expires, signature: sig, now: 3599))
        #expect(!signer.verify(path: path, expires: expires, signature: sig, now: 3600))
    }

    @Test func expiryFallsOnAGridSoURLsRepeat() {
        // 3600 s lifetime: expiries every 1800 s, so a URL lives 1800…3600 s.
        #expect(query(signer.sign(path: "/media/a.wav", now: 1000)).expires == "3600")
        #expect(signer.sign(path: "/media/a.wav", now: 1000) == signer.sign(path: "/media/a.wav", now: 1799))
        #expect(query(signer.sign(path: "/media/a.wav", now: 1800)).expires == "5400")
        for now in stride(from: 0, to: 10_000, by: 97) {
            let expiry = Int(query(signer.sign(path: "/x", now: now)).expires ?? "") ?? 0
            #expect(expiry - now > 1800 - 1 && expiry - now <= 3600)
        }
        // Very short lifetimes still expire in the future.
        let brief = URLSigner(secret: "s", ttl: 1)
        #expect(Int(query(brief.sign(path: "/x", now: 50)).expires ?? "") == 51)
    }

    @Test func cachingLastsUntilTheURLExpires() {
        #expect(signer.cacheControl(expires: "5400", now: 2000) == "private, max-age=3400")
        #expect(signer.cacheControl(expires: "1000", now: 2000) == "private, max-age=0")
        #expect(signer.cacheControl(expires: nil, now: 2000) == "private, max-age=0")
        #expect(signer.cacheControl(expires: "99999999", now: 2000) == "private, max-age=3600")
    }

    @Test func tamperingIsDetected() {
        let (path, expires, sig) = query(signer.sign(path: "/media/a.wav", now: 1000))
        #expect(!signer.verify(path: "/media/b.wav", expires: expires, signature: sig, now: 2000))
        #expect(!signer.verify(path: path, expires: "9999999999", signature: sig, now: 2000))
        #expect(!signer.verify(path: path, expires: expires, signature: String((sig ?? "").reversed()), now: 2000))
        #expect(!signer.verify(path: path, expires: nil, signature: sig, now: 2000))
        #expect(!signer.verify(path: path, expires: expires, signature: nil, now: 2000))
        #expect(!URLSigner(secret: "t", ttl: 3600).verify(path: path, expires: expires, signature: sig, now: 2000))
    }
}
