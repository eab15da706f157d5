extension PostgresConnectionInfo {
    /// Parses `[user[:password]@][host][:port][/database][?key=value&…]`.
    init(parsingAfterScheme rest: String) throws(DatabaseError) {
        guard !rest.contains("#") else { throw DatabaseURL.invalid("a Postgres URL takes no #fragment") }
        let (beforeQuery, query) = rest.splitOnce("?")
        let (authority, path) = beforeQuery.splitOnce("/")
        let (userInfo, hostPort) = authority.contains("@") ? authority.splitLastOnce("@") : (nil, authority)
        if let userInfo {
            let (user, password) = userInfo.splitOnce(":")
            self.user = try Self.decode(user, what: "user name")
            self.password = try password.map { (value) throws(DatabaseError) in
                guard let decoded = value.removingPercentEncodingStrictly() else {
                    throw DatabaseURL.invalid("the password has a malformed percent-escape")
                }
                return decoded
            }
        } else {
            self.user = nil
            self.password = nil
        }
        (self.host, self.port) = try Self.parseHostPort(hostPort)
        self.database = try path.flatMap { (value) throws(DatabaseError) in
            value.isEmpty ? nil : try Self.decode(value, what: "database name")
        }
        self.parameters = try Self.parseQuery(query ?? "")
    }

    private static func parseHostPort(_ text: String) throws(DatabaseError) -> (String?, Int?) {
        var hostPart = text
        var portPart: String?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw DatabaseURL.invalid("unclosed '[' in the host") }
            hostPart = String(text[text.index(after: text.startIndex)..<close])
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw DatabaseURL.invalid("unexpected text after the IPv6 host") }
                portPart = String(after.dropFirst())
            }
        } else if let colon = text.lastIndex(of: ":") {
            hostPart = String(text[..<colon])
            portPart = String(text[text.index(after: colon)...])
        }
        guard !hostPart.contains(",") else { throw DatabaseURL.invalid("several hosts are not supported") }
        let host = hostPart.isEmpty ? nil : try decode(hostPart, what: "host")
        guard let portPart else { return (host, nil) }
        guard let port = Int(portPart), (1...65535).contains(port), portPart.allSatisfy(\.isASCIIDigit) else {
            // The text is not echoed: with an unencoded '/' in the password, it would be part of the password.
            throw DatabaseURL.invalid("the port must be a number from 1 to 65535 (percent-encode '/', '@' and ':' in the password)")
        }
        return (host, port)
    }

    private static func parseQuery(_ query: String) throws(DatabaseError) -> [KeyValue] {
        var parameters: [KeyValue] = []
        for item in query.split(separator: "&", omittingEmptySubsequences: true) {
            let (rawKey, rawValue) = String(item).splitOnce("=")
            let key = try decode(rawKey, what: "query parameter name")
            guard !key.isEmpty, key.allSatisfy({ $0.isASCIILetterOrDigit || $0 == "_" }) else {
                throw DatabaseURL.invalid("query parameter names are libpq keywords such as sslmode")
            }
            guard let value = (rawValue ?? "").removingPercentEncodingStrictly() else {
                throw DatabaseURL.invalid("the value of '\(key)' has a malformed percent-escape")
            }
            parameters.append(KeyValue(key: key, value: value))
        }
        return parameters
    }

    private static func decode(_ text: String, what: String) throws(DatabaseError) -> String {
        guard let decoded = text.removingPercentEncodingStrictly() else {
            throw DatabaseURL.invalid("the \(what) has a malformed percent-escape")
        }
        return decoded
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    var isASCIILetterOrDigit: Bool { isASCII && (isLetter || isNumber) }
}

extension String {
    func trimmingSpaces() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    func dropPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }

    /// Splits at the first `separator`; the second part is nil when it is absent.
    func splitOnce(_ separator: Character) -> (String, String?) {
        guard let index = firstIndex(of: separator) else { return (self, nil) }
        return (String(self[..<index]), String(self[self.index(after: index)...]))
    }

    /// Splits at the last `separator`, which must be present.
    func splitLastOnce(_ separator: Character) -> (String?, String) {
        guard let index = lastIndex(of: separator) else { return (nil, self) }
        return (String(self[..<index]), String(self[self.index(after: index)...]))
    }

    /// Decodes `%XX` escapes; nil for a truncated or non-hex escape or bytes that are not UTF-8.
    func removingPercentEncodingStrictly() -> String? {
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(Self.hexValue), let low = iterator.next().flatMap(Self.hexValue)
            else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    func percentEncodedForURL() -> String {
        var result = ""
        for byte in utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte < 128, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-._~".unicodeScalars.contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else {
                result += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return result
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 65...70: byte - 55
        case 97...102: byte - 87
        default: nil
        }
    }
}
