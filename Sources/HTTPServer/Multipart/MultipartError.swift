/// Why a multipart/form-data body (or its Content-Type) was refused.
///
/// Every case is the client's fault and answers with 400; `message` is
/// written to go in that response's body as is. A struct with static members
/// so cases can be added without breaking callers.
public struct MultipartError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A short sentence naming what was wrong, e.g. `Part headers too large (limit 8192 bytes)`.
    public let message: String

    private init(_ message: String) { self.message = message }

    /// The HTTP status to answer with.
    public var status: Int { 400 }

    /// Same as `message`.
    public var description: String { message }

    /// The Content-Type is not `multipart/form-data`.
    public static let notMultipartFormData = Self("Content-Type is not multipart/form-data")
    /// The Content-Type has no `boundary` parameter.
    public static let missingBoundary = Self("Missing boundary")
    /// The boundary is empty, longer than 70 characters, or uses a character RFC 2046 forbids.
    public static let invalidBoundary = Self("Invalid boundary")
    /// The body ended (or is empty) without a single boundary delimiter.
    public static let noBoundaryInBody = Self("Missing boundary in body")
    /// The body ended before the close delimiter `--boundary--`.
    public static let unexpectedEnd = Self("Unexpected end of body")
    /// Something other than padding, CRLF or `--` followed a boundary.
    public static let invalidBoundaryLine = Self("Invalid characters after boundary")
    /// A part's header section grew past the limit.
    /// - Parameter limit: the configured maximum in bytes.
    public static func headersTooLarge(limit: Int) -> Self { Self("Part headers too large (limit \(limit) bytes)") }
    /// A part had more header fields than allowed.
    /// - Parameter limit: the configured maximum.
    public static func tooManyHeaders(limit: Int) -> Self { Self("Too many part headers (limit \(limit))") }
    /// The body had more parts than allowed.
    /// - Parameter limit: the configured maximum.
    public static func tooManyParts(limit: Int) -> Self { Self("Too many parts (limit \(limit))") }
    /// A part header line is malformed (no colon, bad name, bare CR or LF, folded line).
    public static let invalidHeader = Self("Invalid part header")
    /// A part has no `Content-Disposition` header.
    public static let missingContentDisposition = Self("Part is missing Content-Disposition")
    /// A part's `Content-Disposition` is malformed or is not `form-data`.
    public static let invalidContentDisposition = Self("Invalid Content-Disposition")
    /// A part's `Content-Disposition` has no `name` parameter.
    public static let missingName = Self("Part is missing a name")
}
