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
        #expect(expires == "4600")
        #expect(signer.verify(path: path, expires: expires, signature: sig, now: 4599))
        #expect(!signer.verify(path: path, expires: expires, signature: sig, now: 4600))
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
