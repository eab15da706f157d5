/// A single byte range from a `Range` header (RFC 9110 §14).
public struct ByteRange: Sendable, Equatable {
    /// First byte offset.
    public let start: Int
    /// Last byte offset, inclusive.
    public let end: Int
    /// Number of bytes.
    public var count: Int { end - start + 1 }

    /// The bytes `start...end`.
    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// What a Range header asks of a representation of `length` bytes.
    public enum Outcome: Sendable, Equatable {
        /// Ignore the header and send the whole representation (absent, malformed, or several ranges).
        case whole
        /// Send this part (206).
        case partial(ByteRange)
        /// No part of the range exists (416).
        case unsatisfiable
    }

    /// Interprets `header` for a representation of `length` bytes.
    public static func evaluate(_ header: String?, length: Int) -> Outcome {
        guard let header, header.hasPrefix("bytes=") else { return .whole }
        let spec = header.dropFirst(6).trimmingOWS()
        guard !spec.contains(",") else { return .whole }  // multipart/byteranges is not offered
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return .whole }
        let first = parts[0].trimmingOWS()
        let last = parts[1].trimmingOWS()
        if first.isEmpty {
            guard let suffix = Int(last), suffix > 0 else { return last == "0" ? .unsatisfiable : .whole }
            guard length > 0 else { return .unsatisfiable }
            return .partial(ByteRange(start: max(0, length - suffix), end: length - 1))
        }
        guard let start = Int(first), start >= 0 else { return .whole }
        guard start < length else { return .unsatisfiable }
        if last.isEmpty { return .partial(ByteRange(start: start, end: length - 1)) }
        guard let end = Int(last), end >= start else { return .whole }
        return .partial(ByteRange(start: start, end: min(end, length - 1)))
    }
}
