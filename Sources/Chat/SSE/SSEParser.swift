/// An incremental `text/event-stream` parser: feed it bytes however the network cut them,
/// get complete events back.
///
/// Follows WHATWG HTML §9.2.6: lines end in CRLF, LF or CR (a CR at the end of one chunk and an LF at the
/// start of the next are one line end); a leading UTF-8 BOM is dropped; `:` starts a comment; one space after
/// the field's colon is dropped; an empty line dispatches the event unless its data is empty; an event not
/// ended by an empty line when the stream closes is discarded.
public struct SSEParser: Sendable {
    /// The default limit on one line or one event's data: 1 MiB, far above any provider chunk,
    /// so a server that never ends a line cannot grow our memory without bound.
    public static let defaultMaxEventBytes = 1 << 20

    private let maxEventBytes: Int
    private var line: [UInt8] = []
    private var previousWasCR = false
    private var atStreamStart = true
    private var dataBuffer = ""
    private var hasData = false
    private var eventType = ""
    private var lastEventID: String?

    /// Makes a parser for one stream.
    /// - Parameter maxEventBytes: the longest line or event data accepted, in bytes, > 0; default 1 MiB.
    public init(maxEventBytes: Int = SSEParser.defaultMaxEventBytes) {
        self.maxEventBytes = maxEventBytes
    }

    /// Parses the next bytes of the stream.
    /// - Parameter bytes: any slice of the stream, possibly empty.
    /// - Returns: the events completed by these bytes, in order.
    /// - Throws: `SSEParseError.eventTooLarge` when a line or an event's data passes the limit.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws -> [SSEEvent] {
        var events: [SSEEvent] = []
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\n") where previousWasCR:
                // Second half of a CRLF whose CR already ended the line.
                previousWasCR = false
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                previousWasCR = byte == UInt8(ascii: "\r")
                if let event = try endLine() { events.append(event) }
            default:
                previousWasCR = false
                guard line.count < maxEventBytes else { throw SSEParseError.eventTooLarge(limit: maxEventBytes) }
                line.append(byte)
            }
        }
        return events
    }

    private mutating func endLine() throws -> SSEEvent? {
        var bytes = line[...]
        line.removeAll(keepingCapacity: true)
        if atStreamStart {
            atStreamStart = false
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        }
        if bytes.isEmpty { return dispatch() }
        if bytes.first == UInt8(ascii: ":") { return nil }
        let name: ArraySlice<UInt8>
        var value: ArraySlice<UInt8>
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
            name = bytes[..<colon]
            value = bytes[(colon + 1)...]
            if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
        } else {
            name = bytes
            value = []
        }
        try apply(field: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
        return nil
    }

    private mutating func apply(field: String, value: String) throws {
        switch field {
        case "event":
            eventType = value
        case "data":
            guard dataBuffer.utf8.count + value.utf8.count < maxEventBytes else {
                throw SSEParseError.eventTooLarge(limit: maxEventBytes)
            }
            if hasData { dataBuffer += "\n" }
            dataBuffer += value
            hasData = true
        case "id" where !value.contains("\0"):
            lastEventID = value
        default:
            // `retry` only matters to a reconnecting EventSource; unknown fields are ignored by the spec.
            break
        }
    }

    private mutating func dispatch() -> SSEEvent? {
        defer {
            dataBuffer = ""
            hasData = false
            eventType = ""
        }
        guard hasData else { return nil }
        return SSEEvent(type: eventType.isEmpty ? "message" : eventType, data: dataBuffer, lastEventID: lastEventID)
    }
}
