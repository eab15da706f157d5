import Testing

@testable import App

@Suite struct PasswordHasherTests {
    let hasher = PasswordHasher(iterations: 1000)

    /// Computed with Python's hashlib.pbkdf2_hmac, the primitive under Django's PBKDF2PasswordHasher.
    let djangoHash = "pbkdf2_sha256$1000$seasalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A="

    @Test func verifiesDjangoHashes() {
        #expect(hasher.verify("lètmein", against: djangoHash))
        #expect(!hasher.verify("letmein", against: djangoHash))
        #expect(hasher.encode("lètmein", salt: "seasalt", iterations: 1000) == djangoHash)
    }

    @Test func newHashesVerifyAndAreSalted() {
        let a = hasher.hash("correct horse")
        let b = hasher.hash("correct horse")
        #expect(a != b)
        #expect(a.hasPrefix("pbkdf2_sha256$1000$"))
        #expect(hasher.verify("correct horse", against: a))
        #expect(!hasher.verify("wrong", against: a))
    }

    @Test func otherFormatsNeverVerify() {
        for encoded in ["", "md5$x$y", "pbkdf2_sha256$abc$salt$hash", "pbkdf2_sha256$0$salt$hash", "pbkdf2_sha256$1000$salt", "!"] {
            #expect(!hasher.verify("x", against: encoded))
        }
    }
}
