/// Parses a complete request head (request line and field lines, without the
/// final blank line) and derives the message framing (RFC 9112 §3, §5, §6).
struct HTTPHeadParser {
    let bytes: UnsafeRawBufferPointer
    let limits: HTTPLimits

    func parse() throws(HTTPParseError) -> HTTPRequestHead {
        let lineEnd = Self.lineEnd(bytes, from: 0)
        let (method, target, version) = try parseRequestLine(UnsafeRawBufferPointer(rebasing: bytes[0..<lineEnd]))
        let fieldBytes =
            lineEnd < bytes.count ? UnsafeRawBufferPointer(rebasing: bytes[(lineEnd + 2)...]) : UnsafeRawBufferPointer(rebasing: bytes[0..<0])
        guard fieldBytes.count <= limits.maxHeaderBytes else { throw .headersTooLarge }
        let headers = try Self.parseFields(fieldBytes, limits: limits)
        let parsedTarget = try RequestTarget(target, method: method)
        return try Self.makeHead(method: method, target: target, parsedTarget: parsedTarget, version: version, headers: headers)
    }

    // MARK: Request line

    private func parseRequestLine(_ line: UnsafeRawBufferPointer) throws(HTTPParseError) -> (HTTPMethod, String, HTTPVersion) {
        guard let firstSpace = line.firstIndex(of: SP), firstSpace > 0 else { throw .invalidRequestLine }
        guard let lastSpace = line.lastIndex(of: SP), lastSpace > firstSpace + 1 else { throw .invalidRequestLine }
        for i in 0..<firstSpace where !Self.isTokenByte(line[i]) { throw .invalidRequestLine }
        for i in (firstSpace + 1)..<lastSpace where !(0x21...0x7E).contains(line[i]) {
            throw line[i] == SP ? .invalidRequestLine : .invalidTarget
        }
        let version = try Self.parseVersion(UnsafeRawBufferPointer(rebasing: line[(lastSpace + 1)...]))
        let method = HTTPMethod(rawValue: String(decoding: line[0..<firstSpace], as: UTF8.self))
        let target = String(decoding: line[(firstSpace + 1)..<lastSpace], as: UTF8.self)
        return (method, target, version)
    }

    private static func parseVersion(_ bytes: UnsafeRawBufferPointer) throws(HTTPParseError) -> HTTPVersion {
        guard bytes.count == 8, bytes.prefix(5).elementsEqual("HTTP/".utf8), bytes[6] == UInt8(ascii: "."),
            let major = digit(bytes[5]), let minor = digit(bytes[7])
        else { throw .invalidRequestLine }
        guard major == 1 else { throw .unsupportedVersion }
        return minor == 0 ? .http1_0 : .http1_1  // RFC 9112 §2.3: a higher 1.x minor is answered as 1.1
    }

    // MARK: Field lines

    /// Parses field lines into headers with lower-cased names.
    static func parseFields(_ bytes: UnsafeRawBufferPointer, limits: HTTPLimits) throws(HTTPParseError) -> HTTPHeaders {
        var fields: [HTTPHeaders.Field] = []
        var start = 0
        while start < bytes.count {
            let end = lineEnd(bytes, from: start)
            guard fields.count < limits.maxHeaderCount else { throw .tooManyHeaders }
            fields.append(try parseField(UnsafeRawBufferPointer(rebasing: bytes[start..<end])))
            start = end + 2
        }
        return HTTPHeaders(fields)
    }

    /// Checks field lines (trailers) without keeping them.
    static func validateFieldLines(_ bytes: UnsafeRawBufferPointer, limits: HTTPLimits) throws(HTTPParseError) {
        _ = try parseFields(bytes, limits: limits)
    }

    private static func parseField(_ line: UnsafeRawBufferPointer) throws(HTTPParseError) -> HTTPHeaders.Field {
        guard let first = line.first else { throw .invalidHeaderName }
        if first == SP || first == HTAB { throw .obsoleteLineFolding }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0 else { throw .invalidHeaderName }
        for i in 0..<colon where !isTokenByte(line[i]) {
            throw .invalidHeaderName  // also rejects "Name :" (RFC 9112 §5.1)
        }
        // Token bytes are ASCII: folding A–Z is all lower-casing takes.
        let name = String(unsafeUninitializedCapacity: colon) { out in
            for i in 0..<colon {
                let byte = line[i]
                out[i] = byte | (byte >= 0x41 && byte <= 0x5A ? 0x20 : 0)
            }
            return colon
        }
        var valueStart = colon + 1
        var valueEnd = line.count
        while valueStart < valueEnd, line[valueStart] == SP || line[valueStart] == HTAB { valueStart += 1 }
        while valueEnd > valueStart, line[valueEnd - 1] == SP || line[valueEnd - 1] == HTAB { valueEnd -= 1 }
        for i in valueStart..<valueEnd {
            let byte = line[i]
            guard byte >= 0x20 && byte != 0x7F || byte == HTAB else { throw .invalidHeaderValue }
        }
        return (name, String(decoding: line[valueStart..<valueEnd], as: UTF8.self))
    }

    // MARK: Framing and connection semantics

    private static func makeHead(
        method: HTTPMethod, target: String, parsedTarget: RequestTarget, version: HTTPVersion, headers: HTTPHeaders
    ) throws(HTTPParseError) -> HTTPRequestHead {
        let hosts = headers.values("host")
        guard hosts.count <= 1 else { throw .duplicateHost }
        if version == .http1_1 && hosts.isEmpty { throw .missingHost }
        // RFC 9112 §3.2: a server must answer 400 to a Host field with an invalid value.
        if let host = hosts.first, HTTPHost(host) == nil { throw .invalidHost }
        let framing = try framing(headers: headers, version: version)
        let keepAlive: Bool
        if headers.containsToken("close", in: "connection") {
            keepAlive = false
        } else {
            keepAlive = version == .http1_1 || headers.containsToken("keep-alive", in: "connection")
        }
        let expects = version == .http1_1 && (headers["expect"].map { $0.equalsIgnoringASCIICase("100-continue") } ?? false)
        return HTTPRequestHead(
            method: method, target: target, path: parsedTarget.path, query: parsedTarget.query, version: version,
            headers: headers, host: parsedTarget.authority ?? hosts.first, framing: framing,
            keepAlive: keepAlive, expectsContinue: expects
        )
    }

    /// RFC 9112 §6.1–6.3, with every ambiguous combination rejected.
    private static func framing(headers: HTTPHeaders, version: HTTPVersion) throws(HTTPParseError) -> BodyFraming {
        let transferEncodings = headers.values("transfer-encoding")
        let contentLengths = headers.values("content-length")
        if !transferEncodings.isEmpty {
            guard contentLengths.isEmpty else { throw .contentLengthWithTransferEncoding }
            guard version == .http1_1 else { throw .transferEncodingInHTTP10 }
            let codings = transferEncodings.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
                .map { $0.trimmingOWS() }
            guard let last = codings.last, last.equalsIgnoringASCIICase("chunked") else {
                throw .chunkedNotFinal
            }
            guard codings.count == 1 else { throw .unsupportedTransferEncoding }
            return .chunked
        }
        guard !contentLengths.isEmpty else { return .none }
        var length: Int?
        for value in contentLengths {
            for item in value.split(separator: ",", omittingEmptySubsequences: false) {
                let text = item.trimmingOWS()
                guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ digit($0) != nil }),
                    let n = Int(text), length == nil || length == n
                else { throw .invalidContentLength }
                length = n
            }
        }
        guard let length else { throw .invalidContentLength }
        return length == 0 ? .none : .contentLength(length)
    }

    // MARK: Bytes

    private static func lineEnd(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        var i = start
        while i + 1 < bytes.count {
            if bytes[i] == CR && bytes[i + 1] == LF { return i }
            i += 1
        }
        return bytes.count
    }

    private static func digit(_ byte: UInt8) -> Int? {
        byte >= 0x30 && byte <= 0x39 ? Int(byte - 0x30) : nil
    }

    /// Whether `byte` is a `tchar` (RFC 9110 §5.6.2).
    static func isTokenByte(_ byte: UInt8) -> Bool { tokenTable[Int(byte)] }

    private static let tokenTable: [Bool] = (0..<256).map { value in
        let byte = UInt8(value)
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
