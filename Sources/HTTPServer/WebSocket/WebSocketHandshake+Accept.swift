internal import COpenSSL

extension WebSocketHandshake {
    /// Computes `Sec-WebSocket-Accept`: base64(SHA-1(key + GUID)) (RFC 6455 §4.2.2).
    /// - Parameter key: the client's `Sec-WebSocket-Key`, exactly as sent (trimmed).
    /// - Returns: the 28-character accept value, or nil if libcrypto could not hash.
    public static func acceptValue(forKey key: String) -> String? {
        let input = Array((key + guid).utf8)
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = input.withUnsafeBytes { inputBytes in
            digest.withUnsafeMutableBufferPointer { output in
                EVP_Digest(inputBytes.baseAddress, inputBytes.count, output.baseAddress, &length, EVP_sha1(), nil)
            }
        }
        guard ok == 1, length == 20 else { return nil }
        return Base64.encode(Array(digest.prefix(20)))
    }
}
