/// A streaming multipart/form-data parser (RFC 7578, RFC 2046 §5.1.1).
///
/// Feed it the request body in chunks of any size with `parse(_:)` and call
/// `finish()` when the body ends. It never holds a part's body: body bytes come
/// back as slices of the chunk they arrived in, except for a possible start of
/// the delimiter at a chunk's end, which is held back until the next chunk
/// shows whether it is one. Because a delimiter (`CRLF--boundary`) contains a
/// CR only at its start, that held-back tail is always a prefix of the
/// delimiter, so the parser keeps only its length and the scan is linear.
///
/// The preamble before the first boundary and the epilogue after the close
/// delimiter are ignored, as is transport padding (spaces, tabs) after a
/// boundary. After an error the parser keeps throwing it.
public struct MultipartParser: Sendable {
    /// Limits on what a client can make the parser hold or count.
    public struct Limits: Sendable, Hashable {
        /// Most parts in one body; default 100 (our forms have four fields).
        public var maxParts: Int
        /// Largest header section of one part in bytes, counting every CRLF
        /// including the blank line's; default 8 KiB (a browser's is ~200 bytes).
        public var maxHeaderSectionSize: Int
        /// Most header fields in one part; default 16.
        public var maxHeaderCount: Int

        /// Creates limits.
        /// - Parameters:
        ///   - maxParts: parts per body, > 0; default 100.
        ///   - maxHeaderSectionSize: bytes per part header section, > 0; default 8192.
        ///   - maxHeaderCount: fields per part, > 0; default 16.
        public init(maxParts: Int = 100, maxHeaderSectionSize: Int = 8192, maxHeaderCount: Int = 16) {
            self.maxParts = maxParts
            self.maxHeaderSectionSize = maxHeaderSectionSize
            self.maxHeaderCount = maxHeaderCount
        }
    }

    /// Where the parser is in the body.
    private enum State: Sendable {
        case preamble
        case boundaryLine(BoundaryLine)
        case headers(MultipartHeaderSection)
        case body
        case epilogue
        case failed(MultipartError)
    }

    /// Progress through what follows a delimiter: `--` (close) or padding then CRLF.
    private enum BoundaryLine: Sendable {
        case start
        case firstDash
        case padding(Int)
        case carriageReturn
    }

    /// Transport padding allowed after a boundary; real clients send none.
    private static let maxPadding = 256

    /// The limits in force.
    public let limits: Limits
    private let delimiter: [UInt8]
    private var state: State = .preamble
    /// How many bytes of `delimiter` the input seen so far ends with. Starts
    /// at 2 so the first boundary may open the body without a CRLF before it.
    private var matched = 2
    private var partCount = 0

    /// Creates a parser.
    /// - Parameters:
    ///   - boundary: the boundary from the request's Content-Type.
    ///   - limits: limits; default `Limits()`.
    public init(boundary: MultipartBoundary, limits: Limits = Limits()) {
        self.delimiter = boundary.delimiter
        self.limits = limits
    }

    /// Whether the close delimiter has been seen.
    public var isComplete: Bool {
        if case .epilogue = state { true } else { false }
    }

    /// Parses the next chunk of the body.
    /// - Parameter chunk: the next bytes, of any length.
    /// - Returns: the events the chunk completed, in order.
    /// - Throws: `MultipartError` for a malformed body or a broken limit.
    public mutating func parse(_ chunk: ArraySlice<UInt8>) throws(MultipartError) -> [MultipartEvent] {
        var events: [MultipartEvent] = []
        do {
            try run(chunk, into: &events)
        } catch {
            state = .failed(error)
            throw error
        }
        return events
    }

    /// Declares the end of the body.
    /// - Throws: `MultipartError.noBoundaryInBody` when no boundary was ever seen,
    ///   `.unexpectedEnd` when the close delimiter is missing, or the earlier error.
    public func finish() throws(MultipartError) {
        switch state {
        case .epilogue: return
        case .failed(let error): throw error
        case .preamble: throw .noBoundaryInBody
        default: throw .unexpectedEnd
        }
    }

    private mutating func run(_ chunk: ArraySlice<UInt8>, into events: inout [MultipartEvent]) throws(MultipartError) {
        var index = chunk.startIndex
        while true {
            switch state {
            case .failed(let error):
                throw error
            case .epilogue:
                return
            case .preamble, .body:
                let inBody = if case .body = state { true } else { false }
                guard index < chunk.endIndex,
                    let next = scanForDelimiter(chunk, from: index, into: &events, emitBody: inBody)
                else { return }
                index = next
                if inBody { events.append(.partEnd) }
                state = .boundaryLine(.start)
            case .boundaryLine(let line):
                guard index < chunk.endIndex else { return }
                state = try boundaryLine(line, byte: chunk[index])
                index += 1
                if case .headers = state {
                    partCount += 1
                    guard partCount <= limits.maxParts else { throw .tooManyParts(limit: limits.maxParts) }
                } else if case .epilogue = state {
                    events.append(.end)
                }
            case .headers(var section):
                state = .epilogue  // not left in place while `section` is mutated: avoids a copy
                let fields = try section.consume(chunk, from: &index)
                guard let fields else {
                    state = .headers(section)
                    return
                }
                events.append(.partHead(try MultipartPartHead(headers: fields)))
                state = .body
                matched = 0
            }
        }
    }

    /// One byte of the line after a delimiter (RFC 2046: `transport-padding CRLF`, or `--`).
    private func boundaryLine(_ line: BoundaryLine, byte: UInt8) throws(MultipartError) -> State {
        switch (line, byte) {
        case (.start, UInt8(ascii: "-")):
            return .boundaryLine(.firstDash)
        case (.firstDash, UInt8(ascii: "-")):
            return .epilogue
        case (.start, UInt8(ascii: " ")), (.start, UInt8(ascii: "\t")):
            return .boundaryLine(.padding(1))
        case (.padding(let count), UInt8(ascii: " ")), (.padding(let count), UInt8(ascii: "\t")):
            guard count < Self.maxPadding else { throw .invalidBoundaryLine }
            return .boundaryLine(.padding(count + 1))
        case (.start, UInt8(ascii: "\r")), (.padding, UInt8(ascii: "\r")):
            return .boundaryLine(.carriageReturn)
        case (.carriageReturn, UInt8(ascii: "\n")):
            return .headers(MultipartHeaderSection(maxSize: limits.maxHeaderSectionSize, maxCount: limits.maxHeaderCount))
        default:
            throw .invalidBoundaryLine
        }
    }

    /// Scans for the delimiter from `start`, emitting body bytes before it when `emitBody`.
    /// - Returns: the index just past the delimiter, or nil when the chunk ended first.
    private mutating func scanForDelimiter(
        _ chunk: ArraySlice<UInt8>, from start: Int, into events: inout [MultipartEvent], emitBody: Bool
    ) -> Int? {
        var index = start
        if matched > 0 {
            // Continue the partial match carried over from the previous chunk.
            while index < chunk.endIndex && matched < delimiter.count && chunk[index] == delimiter[matched] {
                matched += 1
                index += 1
            }
            if matched == delimiter.count {
                matched = 0
                return index
            }
            if index == chunk.endIndex { return nil }
            // Mismatch: what matched was content. It holds no CR after its first
            // byte, so no delimiter can start inside it.
            if emitBody { events.append(.body(delimiter[0..<matched])) }
            matched = 0
        }
        let bodyStart = index
        func emit(upTo end: Int) {
            if emitBody && end > bodyStart { events.append(.body(chunk[bodyStart..<end])) }
        }
        while let carriageReturn = chunk[index...].firstIndex(of: UInt8(ascii: "\r")) {
            var probe = carriageReturn + 1
            var count = 1
            while probe < chunk.endIndex && count < delimiter.count && chunk[probe] == delimiter[count] {
                probe += 1
                count += 1
            }
            if count == delimiter.count || probe == chunk.endIndex {
                emit(upTo: carriageReturn)
                matched = count == delimiter.count ? 0 : count
                return count == delimiter.count ? probe : nil
            }
            index = probe
        }
        emit(upTo: chunk.endIndex)
        return nil
    }
}
