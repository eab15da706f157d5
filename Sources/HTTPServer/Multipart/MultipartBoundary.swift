/// The boundary of a multipart body, taken from its Content-Type (RFC 2046 §5.1.1, RFC 7578 §4.1).
public struct MultipartBoundary: Sendable, Hashable {
    /// The boundary text, without the leading `--`.
    public let value: String

    /// Checks a boundary: 1–70 characters from RFC 2046's `bchars` (letters, digits,
    /// `'()+_,-./:=?` and space), not ending in a space.
    /// - Parameter value: the boundary without quotes.
    /// - Throws: `MultipartError.invalidBoundary`.
    public init(_ value: String) throws(MultipartError) {
        let bytes = Array(value.utf8)
        guard (1...70).contains(bytes.count), bytes.last != UInt8(ascii: " "),
            bytes.allSatisfy(Self.isBoundaryCharacter)
        else { throw .invalidBoundary }
        self.value = value
    }

    /// Extracts the boundary from a Content-Type header value such as
    /// `multipart/form-data; boundary="----abc"` (quoted or not, any case).
    /// - Parameter contentType: the Content-Type header value.
    /// - Throws: `MultipartError.notMultipartFormData`, `.missingBoundary` or `.invalidBoundary`.
    public init(contentType: String) throws(MultipartError) {
        guard let header = MultipartHeaderValue(contentType) else { throw .invalidBoundary }
        guard header.value == "multipart/form-data" else { throw .notMultipartFormData }
        guard let boundary = header.parameter("boundary") else { throw .missingBoundary }
        try self.init(boundary)
    }

    /// `CRLF "--" boundary`: what ends every part's body (RFC 2046 §5.1.1).
    var delimiter: [UInt8] { Array("\r\n--\(value)".utf8) }

    private static func isBoundaryCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            true
        default:
            Array("'()+_,-./:=? ".utf8).contains(byte)
        }
    }
}
