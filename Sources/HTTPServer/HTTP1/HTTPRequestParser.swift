/// An incremental HTTP/1.1 request parser (RFC 9112), free of I/O.
///
/// The caller keeps a buffer of unconsumed bytes and calls ``next(_:)`` with
/// all of it; the parser answers how many bytes it consumed and at most one
/// part. It remembers how far it scanned, so a head arriving byte by byte is
/// scanned once. Any framing ambiguity that could enable request smuggling is
/// an error: the connection then answers and closes.
public struct HTTPRequestParser: Sendable {
    private enum State: Sendable {
        case head(HeadScan)
        case body(remaining: Int)
        case chunkSize(scanned: Int)
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers(HeadScan)
        case failed
    }

    private var state: State = .head(HeadScan())
    private let limits: HTTPLimits

    /// A parser enforcing `limits`.
    public init(limits: HTTPLimits = HTTPLimits()) { self.limits = limits }

    /// Consumes bytes from the front of `input` and returns at most one part.
    ///
    /// - Returns: the number of bytes consumed and the part completed, or nil
    ///   when more input is needed (the unconsumed bytes must be offered again).
    /// - Throws: `HTTPParseError`; the parser is then unusable.
    public mutating func next(_ input: UnsafeRawBufferPointer) throws(HTTPParseError) -> (consumed: Int, part: HTTPRequestPart?) {
        do {
            return try step(input)
        } catch {
            state = .failed
            throw error
        }
    }

    private mutating func step(_ input: UnsafeRawBufferPointer) throws(HTTPParseError) -> (consumed: Int, part: HTTPRequestPart?) {
        switch state {
        case .failed:
            throw .invalidRequestLine
        case .head(let scan):
            return try parseHead(input, scan: scan)
        case .body(let remaining):
            if remaining == 0 {
                state = .head(HeadScan())
                return (0, .end)
            }
            guard !input.isEmpty else { return (0, nil) }
            let n = min(remaining, input.count)
            state = .body(remaining: remaining - n)
            return (n, .body(Array(input[0..<n])))
        case .chunkSize(let scanned):
            return try parseChunkSize(input, scanned: scanned)
        case .chunkData(let remaining):
            guard !input.isEmpty else { return (0, nil) }
            let n = min(remaining, input.count)
            state = n == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - n)
            return (n, .body(Array(input[0..<n])))
        case .chunkDataEnd:
            guard input.count >= 2 else {
                if let first = input.first, first != CR { throw .invalidChunkTerminator }
                return (0, nil)
            }
            guard input[0] == CR, input[1] == LF else { throw .invalidChunkTerminator }
            state = .chunkSize(scanned: 0)
            return (2, nil)
        case .trailers(let scan):
            return try parseTrailers(input, scan: scan)
        }
    }

    // MARK: Head

    private mutating func parseHead(_ input: UnsafeRawBufferPointer, scan: HeadScan) throws(HTTPParseError) -> (consumed: Int, part: HTTPRequestPart?)
    {
        // RFC 9112 §2.2: ignore empty lines before the request line.
        var start = 0
        while scan.scanned == 0, start + 1 < input.count, input[start] == CR, input[start + 1] == LF { start += 2 }
        if start > 0 { return (start, nil) }
        var scan = scan
        let maxHead = limits.maxRequestLineBytes + 2 + limits.maxHeaderBytes + 2
        guard let end = try Self.findBlankLine(input, scan: &scan, limit: maxHead, requestLineLimit: limits.maxRequestLineBytes) else {
            state = .head(scan)
            return (0, nil)
        }
        let head = try HTTPHeadParser(bytes: UnsafeRawBufferPointer(rebasing: input[0..<end]), limits: limits).parse()
        switch head.framing {
        case .none: state = .body(remaining: 0)
        case .contentLength(let n): state = .body(remaining: n)
        case .chunked: state = .chunkSize(scanned: 0)
        }
        return (end + 4, .head(head))
    }

    /// How far a head or trailer section has been scanned for its end.
    struct HeadScan: Sendable {
        var scanned = 0
        /// Offset of the first line's CR, once seen.
        var firstLineEnd: Int?
    }

    /// Finds the CRLFCRLF ending a head, checking line endings and limits on the way.
    /// - Returns: the offset where the blank line's CRLF pair starts (the head text ends there),
    ///   or nil with `scan` updated so the next call resumes where this one stopped.
    static func findBlankLine(
        _ input: UnsafeRawBufferPointer, scan: inout HeadScan, limit: Int, requestLineLimit: Int?
    ) throws(HTTPParseError) -> Int? {
        var i = scan.scanned
        let count = input.count
        while i < count {
            let byte = input[i]
            if byte == LF {
                guard i > 0, input[i - 1] == CR else { throw .bareCarriageReturnOrLineFeed }
                if scan.firstLineEnd == nil { scan.firstLineEnd = i - 1 }
                if i >= 3, input[i - 2] == LF, input[i - 3] == CR { return i - 3 }
            } else if i > 0, input[i - 1] == CR {
                throw .bareCarriageReturnOrLineFeed
            }
            i += 1
            if let requestLineLimit, (scan.firstLineEnd ?? i - 2) > requestLineLimit { throw .requestLineTooLong }
            if i > limit { throw .headersTooLarge }
        }
        // Resume one byte back so a CR at the edge is checked against what follows.
        scan.scanned = max(0, count - 1)
        return nil
    }

    // MARK: Chunked body (RFC 9112 §7.1)

    private mutating func parseChunkSize(
        _ input: UnsafeRawBufferPointer, scanned: Int
    ) throws(HTTPParseError) -> (consumed: Int, part: HTTPRequestPart?) {
        var i = scanned
        while i < input.count {
            if input[i] == LF {
                guard i > 0, input[i - 1] == CR else { throw .bareCarriageReturnOrLineFeed }
                let size = try Self.chunkSize(UnsafeRawBufferPointer(rebasing: input[0..<(i - 1)]))
                state = size == 0 ? .trailers(HeadScan()) : .chunkData(remaining: size)
                return (i + 1, nil)
            }
            i += 1
            if i > limits.maxChunkLineBytes { throw .chunkLineTooLong }
        }
        state = .chunkSize(scanned: i)
        return (0, nil)
    }

    /// Parses `chunk-size [ chunk-ext ]`; extensions are validated loosely and ignored.
    static func chunkSize(_ line: UnsafeRawBufferPointer) throws(HTTPParseError) -> Int {
        var size = 0
        var digits = 0
        var i = 0
        while i < line.count, let value = line[i].hexDigitValue {
            guard digits < 15 else { throw .invalidChunkSize }  // 15 hex digits cannot overflow Int
            size = size << 4 | Int(value)
            digits += 1
            i += 1
        }
        guard digits > 0 else { throw .invalidChunkSize }
        while i < line.count, line[i] == SP || line[i] == HTAB { i += 1 }
        guard i == line.count || line[i] == UInt8(ascii: ";") else { throw .invalidChunkSize }
        for j in i..<line.count where line[j] < 0x20 && line[j] != HTAB || line[j] == 0x7F { throw .invalidChunkSize }
        return size
    }

    private mutating func parseTrailers(
        _ input: UnsafeRawBufferPointer, scan: HeadScan
    ) throws(HTTPParseError) -> (consumed: Int, part: HTTPRequestPart?) {
        if scan.scanned == 0, input.count >= 2, input[0] == CR, input[1] == LF {
            state = .head(HeadScan())
            return (2, .end)
        }
        if scan.scanned == 0, let first = input.first, first != CR, !HTTPHeadParser.isTokenByte(first) {
            throw .invalidHeaderName
        }
        if input.count < 2 { return (0, nil) }
        // Trailer fields are read to find their end and dropped: we act on none.
        // A leading CRLF makes the scan see the section as "line CRLF ... CRLF CRLF".
        var scan = scan
        guard let end = try Self.findBlankLine(input, scan: &scan, limit: limits.maxHeaderBytes + 2, requestLineLimit: nil) else {
            state = .trailers(scan)
            return (0, nil)
        }
        try HTTPHeadParser.validateFieldLines(UnsafeRawBufferPointer(rebasing: input[0..<end]), limits: limits)
        state = .head(HeadScan())
        return (end + 4, .end)
    }
}

let CR = UInt8(ascii: "\r")
let LF = UInt8(ascii: "\n")
let SP = UInt8(ascii: " ")
let HTAB = UInt8(ascii: "\t")
