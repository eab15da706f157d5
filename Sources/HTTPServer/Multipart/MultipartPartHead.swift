/// The header section of one part of a multipart/form-data body (RFC 7578 §4).
public struct MultipartPartHead: Sendable, Equatable, CustomStringConvertible {
    /// The form field name from `Content-Disposition`.
    public let name: String
    /// The client's filename, raw (see `MultipartContentDisposition`); nil for a non-file field.
    public let filename: String?
    /// The part's `Content-Type`, as sent; nil when absent (RFC 7578 §4.4: then text/plain).
    public let contentType: String?
    /// Every header field in order, names lower-cased, values trimmed.
    public let headers: [(name: String, value: String)]

    /// Builds a part head from its header fields.
    /// - Parameter headers: fields with lower-cased names.
    /// - Throws: `MultipartError.missingContentDisposition`, `.invalidContentDisposition`
    ///   (malformed, or not `form-data`) or `.missingName`.
    public init(headers: [(name: String, value: String)]) throws(MultipartError) {
        guard let value = headers.first(where: { $0.name == "content-disposition" })?.value else {
            throw .missingContentDisposition
        }
        guard let disposition = MultipartContentDisposition(value), disposition.type == "form-data" else {
            throw .invalidContentDisposition
        }
        guard let name = disposition.name else { throw .missingName }
        self.name = name
        self.filename = disposition.filename
        self.contentType = headers.first { $0.name == "content-type" }?.value
        self.headers = headers
    }

    /// The first value of a header field.
    /// - Parameter name: the field name, in any case.
    /// - Returns: its value, or nil when absent.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name == lowered }?.value
    }

    /// `name`, plus the filename and content type when present.
    public var description: String {
        "part \(name)" + (filename.map { " filename=\($0)" } ?? "") + (contentType.map { " type=\($0)" } ?? "")
    }

    /// Equal when the header fields match, in order.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.headers.map(\.name) == rhs.headers.map(\.name) && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }
}
