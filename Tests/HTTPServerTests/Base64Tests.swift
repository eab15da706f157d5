import Testing

@testable import HTTPServer

@Suite struct Base64Tests {
    /// RFC 4648 §10 test vectors.
    static let vectors: [(String, String)] = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ]

    @Test func encodesAndDecodesRFC4648Vectors() {
        for (plain, encoded) in Self.vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(plain.utf8))
        }
    }

    @Test func roundTripsEveryByteValue() {
        let bytes = (0...255).map { UInt8($0) }
        for length in 0...bytes.count where length % 17 == 0 || length < 5 {
            #expect(Base64.decode(Base64.encode(Array(bytes.prefix(length)))) == Array(bytes.prefix(length)))
        }
    }

    @Test func rejectsMalformedInput() {
        for bad in ["Zg=", "Zg", "Z===", "Zm9v!A==", "Zm 9v", "=Zm9", "Zg==Zg==", "-_-_"] {
            #expect(Base64.decode(bad) == nil, "\(bad)")
        }
    }
}
