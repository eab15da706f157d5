public import Foundation

/// UUIDs as text the way API.md and both drivers write them (lowercase,
/// `8-4-4-4-12`), without the C formatting Foundation goes through: every
/// track read formats and parses a few, and `sscanf`/`sprintf` showed in profiles.
extension UUID {
    /// The lowercase canonical form, `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
    public var lowercasedString: String {
        withUnsafeBytes(of: uuid) { raw in
            String(unsafeUninitializedCapacity: 36) { out in
                var position = 0
                for (index, byte) in raw.enumerated() {
                    if Self.hyphenPrecedes(index) {
                        out[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    out[position] = Self.hexDigits[Int(byte >> 4)]
                    out[position + 1] = Self.hexDigits[Int(byte & 0x0F)]
                    position += 2
                }
                return position
            }
        }
    }

    /// Parses the canonical form in either case; the same inputs `UUID(uuidString:)` accepts.
    /// - Parameter text: 36 characters, hyphens after the 8th, 12th, 16th and 20th hex digit.
    public init?(text: some StringProtocol) {
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed: Bool? = text.utf8.withContiguousStorageIfAvailable { utf8 in
            Self.parse(utf8, into: &bytes)
        }
        guard parsed ?? Self.parse(Array(text.utf8), into: &bytes) else { return nil }
        self.init(uuid: bytes)
    }

    private static func parse(_ utf8: some RandomAccessCollection<UInt8>, into bytes: inout uuid_t) -> Bool {
        guard utf8.count == 36 else { return false }
        return withUnsafeMutableBytes(of: &bytes) { out in
            var index = utf8.startIndex
            for position in 0..<16 {
                if hyphenPrecedes(position) {
                    guard utf8[index] == UInt8(ascii: "-") else { return false }
                    index = utf8.index(after: index)
                }
                guard let high = utf8[index].hexDigitValue, let low = utf8[utf8.index(after: index)].hexDigitValue else { return false }
                out[position] = high << 4 | low
                index = utf8.index(index, offsetBy: 2)
            }
            return true
        }
    }

    /// Whether a hyphen comes before this byte in the text form.
    private static func hyphenPrecedes(_ position: Int) -> Bool {
        position == 4 || position == 6 || position == 8 || position == 10
    }
    private static let hexDigits = Array("0123456789abcdef".utf8)
}
