import Foundation

/// Django-compatible password hashes: `pbkdf2_sha256$<iterations>$<salt>$<base64 hash>`,
/// so hashes exported from the ported app's database verify unchanged.
struct PasswordHasher: Sendable {
    /// Iterations for new hashes (Django 5.x's default).
    var iterations = 870_000

    /// A new hash of `password` with a random salt.
    func hash(_ password: String) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let salt = String(Crypto.randomBytes(22).map { alphabet[Int($0) % alphabet.count] })
        return encode(password, salt: salt, iterations: iterations) ?? ""
    }

    /// `pbkdf2_sha256$…` for `password` with `salt`.
    func encode(_ password: String, salt: String, iterations: Int) -> String? {
        guard let derived = Crypto.pbkdf2SHA256(password: Array(password.utf8), salt: Array(salt.utf8), iterations: iterations)
        else { return nil }
        return "pbkdf2_sha256$\(iterations)$\(salt)$\(Data(derived).base64EncodedString())"
    }

    /// Whether `password` matches `encoded`; false for any other format.
    func verify(_ password: String, against encoded: String) -> Bool {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "pbkdf2_sha256", let iterations = Int(parts[1]),
            (1...10_000_000).contains(iterations), let candidate = encode(password, salt: String(parts[2]), iterations: iterations)
        else { return false }
        return Crypto.constantTimeEquals(Array(candidate.utf8), Array(encoded.utf8))
    }
}
