/// A part's `Content-Disposition` (RFC 7578 §4.2, RFC 6266), e.g.
/// `form-data; name="file"; filename="a b.wav"`.
///
/// `filename*` (RFC 8187 extended notation, `UTF-8''%e2%82%ac.wav`) takes
/// precedence over `filename` when it decodes; one that does not (unknown
/// charset, bad percent escape, invalid UTF-8) is ignored in favour of
/// `filename`, as RFC 6266 §4.3 suggests. The filename is returned raw:
/// callers decide how to sanitise it (see `MultipartFilename`).
public struct MultipartContentDisposition: Sendable, Hashable {
    /// The disposition type, lower-cased; `form-data` for form fields.
    public let type: String
    /// The form field name.
    public let name: String?
    /// The client's filename, unsanitised; nil for a plain (non-file) field.
    public let filename: String?

    /// Parses a header value.
    /// - Parameter headerValue: the Content-Disposition value.
    /// - Returns: nil when the value is malformed (unterminated quote, parameter without `=`).
    public init?(_ headerValue: String) {
        guard let header = MultipartHeaderValue(headerValue), !header.value.isEmpty else { return nil }
        self.type = header.value
        self.name = header.parameter("name")
        self.filename = header.parameter("filename*").flatMap(Self.decodeExtendedValue) ?? header.parameter("filename")
    }

    /// Decodes `charset'language'percent-encoded` (RFC 8187 §3.2) for UTF-8 and ISO-8859-1.
    /// - Parameter value: the raw `filename*` value.
    /// - Returns: the decoded text, or nil when it cannot be decoded.
    static func decodeExtendedValue(_ value: String) -> String? {
        let fields = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3, let bytes = percentDecode(Array(fields[2].utf8)) else { return nil }
        switch fields[0].lowercased() {
        case "utf-8":
            guard UTF8Validator.isValid(bytes) else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        case "iso-8859-1":
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        default:
            return nil
        }
    }

    private static func percentDecode(_ input: [UInt8]) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "%") {
                guard index + 2 < input.count, let high = input[index + 1].hexDigitValue,
                    let low = input[index + 2].hexDigitValue
                else { return nil }
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(input[index])
                index += 1
            }
        }
        return output
    }
}
