/// The parts of a request target (RFC 9112 §3.2) the server routes on.
struct RequestTarget {
    /// Percent-decoded path, starting with `/`, or `*` for asterisk form.
    var path: String
    /// Raw query, without `?`.
    var query: String
    /// Authority of an absolute-form target, which overrides Host (RFC 9112 §3.2.2).
    var authority: String?

    init(_ target: String, method: HTTPMethod) throws(HTTPParseError) {
        var rest = Substring(target)
        if rest == "*" {
            guard method == .options else { throw .invalidTarget }
            path = "*"
            query = ""
            return
        }
        if !rest.hasPrefix("/") {
            // Absolute form: scheme "://" authority [path-abempty] [? query]
            guard let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://"),
                ["http", "https"].contains(rest[..<colon].lowercased())
            else { throw .invalidTarget }
            rest = rest[rest.index(colon, offsetBy: 3)...]
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
            let host = rest[..<authorityEnd]
            // Userinfo ("user@host") is not part of an http(s) authority (RFC 9110 §4.2.4).
            guard HTTPHost(host) != nil else { throw .invalidTarget }
            authority = String(host)
            rest = rest[authorityEnd...]
            if !rest.hasPrefix("/") { rest = "/" + rest }
        }
        let queryStart = rest.firstIndex(of: "?")
        query = queryStart.map { String(rest[rest.index(after: $0)...]) } ?? ""
        let rawPath = queryStart.map { rest[..<$0] } ?? rest
        guard let decoded = Self.percentDecode(rawPath) else { throw .invalidTarget }
        path = decoded
    }

    /// Decodes `%XX` escapes; nil for a bad escape, an encoded NUL or invalid UTF-8.
    static func percentDecode(_ text: Substring) -> String? {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next()?.hexDigitValue, let low = iterator.next()?.hexDigitValue else { return nil }
            let decoded = high << 4 | low
            guard decoded != 0 else { return nil }
            bytes.append(decoded)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
