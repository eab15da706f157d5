extension WebSocketFrame {
    /// XORs `bytes` with the 4-byte masking key (RFC 6455 §5.3), eight bytes at a time.
    ///
    /// Masking is its own inverse, so this both masks and unmasks.
    /// - Parameters:
    ///   - key: the masking key in network byte order.
    ///   - offset: how many payload bytes precede `bytes` in the frame, so a
    ///     payload that arrives in pieces is unmasked with the right key byte.
    ///   - bytes: the payload piece, changed in place.
    static func applyMask(_ key: UInt32, offset: Int, to bytes: UnsafeMutableRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        let keyBytes: [UInt8] = [UInt8(key >> 24), UInt8((key >> 16) & 0xFF), UInt8((key >> 8) & 0xFF), UInt8(key & 0xFF)]
        let rotated = (0..<8).map { keyBytes[($0 + offset) & 3] }
        let pattern = rotated.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        var index = 0
        while index + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            bytes.storeBytes(of: word ^ pattern, toByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            bytes[index] ^= rotated[index & 7]
            index += 1
        }
    }
}
