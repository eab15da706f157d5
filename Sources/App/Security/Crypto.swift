internal import COpenSSL
import Foundation

/// The cryptographic primitives the app needs, over OpenSSL's libcrypto.
enum Crypto {
    /// HMAC-SHA256 of `message` under `key` (32 bytes), for a key used once; keep an
    /// `HMACSHA256Key` for a key that signs many messages.
    static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        HMACSHA256Key(key).authenticationCode(for: message)
    }

    /// PBKDF2-HMAC-SHA256 (RFC 8018), the algorithm of Django's default hasher.
    static func pbkdf2SHA256(password: [UInt8], salt: [UInt8], iterations: Int, length: Int = 32) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: length)
        let ok = password.withUnsafeBytes { p in
            salt.withUnsafeBytes { s in
                PKCS5_PBKDF2_HMAC(
                    p.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(p.count),
                    s.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(s.count),
                    Int32(iterations), EVP_sha256(), Int32(length), &out)
            }
        }
        return ok == 1 ? out : nil
    }

    /// `count` cryptographically secure random bytes.
    static func randomBytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        if RAND_bytes(&out, Int32(count)) != 1 {
            // OpenSSL's CSPRNG failing is unrecoverable; the system generator is the safe fallback.
            var generator = SystemRandomNumberGenerator()
            for i in out.indices { out[i] = generator.next() }
        }
        return out
    }

    /// Compares in time independent of where the inputs differ.
    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { x in b.withUnsafeBytes { y in CRYPTO_memcmp(x.baseAddress, y.baseAddress, a.count) == 0 } }
    }

    /// SHA-256 of `bytes` as lower-case hex (SigV4 payload and canonical-request hashes).
    static func sha256Hex(_ bytes: UnsafeRawBufferPointer) -> String {
        let hasher = SHA256Hasher()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }

    /// SHA-256 of `bytes` as lower-case hex.
    static func sha256Hex(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { sha256Hex($0) }
    }

    /// Lower-case hex.
    static func hex(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `0`–`9`, `a`–`f` as bytes; built once (every track response hexes two signatures).
    static let hexDigits = Array("0123456789abcdef".utf8)

    /// base64url without padding (RFC 7515 §2).
    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Decodes exactly base64url without padding (RFC 7515 §2, RFC 4648 §5); nil for anything
    /// else: `+`, `/` or `=` (standard base64), a length of 4k + 1, or unused trailing bits that
    /// are not zero. Each value then has one encoding, so a token cannot be re-spelled.
    static func fromBase64URL(_ text: some StringProtocol) -> [UInt8]? {
        let input = Array(text.utf8)
        guard input.count % 4 != 1 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in input {
            guard let value = base64URLValue(byte) else { return nil }
            buffer = buffer << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
                buffer &= (1 << UInt32(bits)) - 1
            }
        }
        return buffer == 0 ? output : nil
    }

    /// The 6-bit value of a base64url character (RFC 4648 §5, table 2).
    private static func base64URLValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "-"): 62
        case UInt8(ascii: "_"): 63
        default: nil
        }
    }
}

/// An HMAC-SHA256 key (RFC 2104) with its two padded key blocks hashed once, so
/// each message costs two short digest runs. OpenSSL's one-shot `HMAC()` looks
/// its algorithms up again on every call, which showed in request profiles
/// (every track response signs two URLs).
// @unchecked Sendable: the two digest contexts are written only in init; afterwards they are only copied from.
final class HMACSHA256Key: @unchecked Sendable {
    private let key: [UInt8]
    private let inner: OpaquePointer?
    private let outer: OpaquePointer?

    init(_ key: [UInt8]) {
        self.key = key
        var block = key.count > 64 ? Self.sha256(key) : key
        block += repeatElement(0, count: 64 - block.count)
        inner = Self.context(absorbing: block.map { $0 ^ 0x36 })
        outer = Self.context(absorbing: block.map { $0 ^ 0x5C })
    }

    deinit {
        EVP_MD_CTX_free(inner)
        EVP_MD_CTX_free(outer)
    }

    /// The 32-byte authentication code of `message`.
    func authenticationCode(for message: [UInt8]) -> [UInt8] {
        var code = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        guard let inner, let outer, let context = EVP_MD_CTX_new() else {
            // Out of memory at setup: OpenSSL's one-shot path computes the same code.
            _ = key.withUnsafeBytes { k in
                message.withUnsafeBytes { m in
                    HMAC(
                        EVP_sha256(), k.baseAddress, Int32(k.count), m.baseAddress?.assumingMemoryBound(to: UInt8.self),
                        m.count, &code, &length)
                }
            }
            return code
        }
        defer { EVP_MD_CTX_free(context) }
        var innerHash = [UInt8](repeating: 0, count: 32)
        EVP_MD_CTX_copy_ex(context, inner)
        message.withUnsafeBytes { _ = EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
        EVP_DigestFinal_ex(context, &innerHash, &length)
        EVP_MD_CTX_copy_ex(context, outer)
        EVP_DigestUpdate(context, innerHash, innerHash.count)
        EVP_DigestFinal_ex(context, &code, &length)
        return code
    }

    private static func context(absorbing block: [UInt8]) -> OpaquePointer? {
        guard let context = EVP_MD_CTX_new() else { return nil }
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1, EVP_DigestUpdate(context, block, block.count) == 1 else {
            EVP_MD_CTX_free(context)
            return nil
        }
        return context
    }

    private static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        EVP_Digest(bytes, bytes.count, &digest, &length, EVP_sha256(), nil)
        return digest
    }
}

/// A running SHA-256 over data that arrives in pieces (uploads).
struct SHA256Hasher: ~Copyable {
    private let context: OpaquePointer?

    init() {
        context = EVP_MD_CTX_new()
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds `bytes` to the digest.
    func update(_ bytes: UnsafeRawBufferPointer) {
        EVP_DigestUpdate(context, bytes.baseAddress, bytes.count)
    }

    /// The digest as lower-case hex; the hasher is used up.
    consuming func finalizeHex() -> String {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &out, &length)
        return Crypto.hex(out)
    }
}
