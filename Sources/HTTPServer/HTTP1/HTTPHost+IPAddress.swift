extension HTTPHost {
    /// `IPv6address` of RFC 3986 §3.2.2: eight 16-bit groups of 1–4 hex digits separated by
    /// `:`, at most one `::` standing for one or more zero groups, and the last two groups
    /// optionally written as an IPv4address.
    static func isIPv6Address(_ bytes: ArraySlice<UInt8>) -> Bool {
        let text = Array(bytes)
        var halves: [ArraySlice<UInt8>] = []
        if let gap = firstDoubleColon(text) {
            halves = [text[0..<gap], text[(gap + 2)...]]
            if firstDoubleColon(Array(halves[1])) != nil { return false }
        } else {
            halves = [text[...]]
        }
        var groups = 0
        for (index, half) in halves.enumerated() where !half.isEmpty {
            let fields = half.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
            for (position, field) in fields.enumerated() {
                let isLast = index == halves.count - 1 && position == fields.count - 1
                if isLast, field.contains(UInt8(ascii: ".")) {
                    guard isIPv4Address(field) else { return false }
                    groups += 2
                } else {
                    guard (1...4).contains(field.count), field.allSatisfy({ $0.hexDigitValue != nil }) else { return false }
                    groups += 1
                }
            }
        }
        return halves.count == 2 ? groups <= 7 : groups == 8
    }

    /// `IPv4address = dec-octet "." dec-octet "." dec-octet "." dec-octet`, each 0–255 without
    /// leading zeros (RFC 3986 §3.2.2).
    static func isIPv4Address(_ bytes: ArraySlice<UInt8>) -> Bool {
        let octets = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return octets.count == 4
            && octets.allSatisfy { octet in
                guard (1...3).contains(octet.count), octet.allSatisfy({ (0x30...0x39).contains($0) }) else { return false }
                if octet.count > 1 && octet.first == UInt8(ascii: "0") { return false }
                return octet.reduce(0) { $0 * 10 + Int($1 - 0x30) } <= 255
            }
    }

    private static func firstDoubleColon(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        for i in 0..<(bytes.count - 1) where bytes[i] == UInt8(ascii: ":") && bytes[i + 1] == UInt8(ascii: ":") {
            return i
        }
        return nil
    }
}
