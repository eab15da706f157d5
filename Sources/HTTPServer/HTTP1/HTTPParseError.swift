/// Why a request could not be parsed; each maps to the status sent before
/// the connection is closed (NIO's `HTTPServerProtocolErrorHandler` does the same).
public enum HTTPParseError: Error, Sendable, Equatable {
    case invalidRequestLine
    case requestLineTooLong
    case unsupportedVersion
    case invalidHeaderName
    case invalidHeaderValue
    case obsoleteLineFolding
    case bareCarriageReturnOrLineFeed
    case headersTooLarge
    case tooManyHeaders
    case missingHost
    case duplicateHost
    /// The Host field is not `uri-host [ ":" port ]` (RFC 9110 §7.2; see `HTTPHost`).
    case invalidHost
    case invalidContentLength
    case contentLengthWithTransferEncoding
    case unsupportedTransferEncoding
    case transferEncodingInHTTP10
    case chunkedNotFinal
    case invalidChunkSize
    case chunkLineTooLong
    case invalidChunkTerminator
    case invalidTarget

    /// The response status for this error.
    public var status: HTTPStatus {
        switch self {
        case .requestLineTooLong: .uriTooLong
        case .headersTooLarge, .tooManyHeaders: .requestHeaderFieldsTooLarge
        case .unsupportedVersion: .httpVersionNotSupported
        case .unsupportedTransferEncoding: .notImplemented
        default: .badRequest
        }
    }

    /// A short message for the JSON error body.
    public var message: String {
        switch self {
        case .invalidRequestLine: "Malformed request line"
        case .requestLineTooLong: "Request line too long"
        case .unsupportedVersion: "HTTP version not supported"
        case .invalidHeaderName: "Invalid header name"
        case .invalidHeaderValue: "Invalid header value"
        case .obsoleteLineFolding: "Obsolete line folding is not allowed"
        case .bareCarriageReturnOrLineFeed: "Lines must end with CRLF"
        case .headersTooLarge: "Header section too large"
        case .tooManyHeaders: "Too many header fields"
        case .missingHost: "Missing Host header"
        case .duplicateHost: "More than one Host header"
        case .invalidHost: "Invalid Host header"
        case .invalidContentLength: "Invalid Content-Length"
        case .contentLengthWithTransferEncoding: "Content-Length together with Transfer-Encoding"
        case .unsupportedTransferEncoding: "Unsupported Transfer-Encoding"
        case .transferEncodingInHTTP10: "Transfer-Encoding in an HTTP/1.0 request"
        case .chunkedNotFinal: "Transfer-Encoding must end with chunked"
        case .invalidChunkSize: "Invalid chunk size"
        case .chunkLineTooLong: "Chunk size line too long"
        case .invalidChunkTerminator: "Chunk data not followed by CRLF"
        case .invalidTarget: "Invalid request target"
        }
    }
}

/// A handler reading a body sees the parse error that ended it (a malformed chunk). The connection
/// has already answered 400 and is closing; conforming keeps such a client mistake out of the
/// router's "unhandled error" path, which is for our own failures.
extension HTTPParseError: HTTPResponseError {
    public func response() -> Response {
        HTTPError(status, message: message).response()
    }
}
