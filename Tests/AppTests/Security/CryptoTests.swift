import Testing

@testable import App

@Suite struct CryptoTests {
    private func bytes(hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            out.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return out
    }

    /// RFC 4231 §4: short key, key shorter than the block, key longer than the block.
    @Test(arguments: [
        (
            "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", Array("Hi There".utf8),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        ),
        (
            "4a656665", Array("what do ya want for nothing?".utf8),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        ),
        (
            String(repeating: "aa", count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        ),
    ])
    func hmacMatchesRFC4231(key: String, message: [UInt8], expected: String) {
        let keyed = HMACSHA256Key(bytes(hex: key))
        #expect(Crypto.hex(keyed.authenticationCode(for: message)) == expected)
        // The key is reusable: a second message under it, then the first again.
        _ = keyed.authenticationCode(for: Array("other".utf8))
        #expect(Crypto.hex(keyed.authenticationCode(for: message)) == expected)
        #expect(Crypto.hex(Crypto.hmacSHA256(key: bytes(hex: key), message: message)) == expected)
    }

    @Test func emptyKeyAndMessage() {
        #expect(
            Crypto.hex(Crypto.hmacSHA256(key: [], message: []))
                == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }
}
