/// One step of a parsed request, as `HTTPRequestParser` produces them.
public enum HTTPRequestPart: Sendable, Equatable {
    /// The request line and headers; the body (if any) follows.
    case head(HTTPRequestHead)
    /// A piece of the body, de-chunked.
    case body([UInt8])
    /// The end of the request; trailers have been read and dropped.
    case end
}
