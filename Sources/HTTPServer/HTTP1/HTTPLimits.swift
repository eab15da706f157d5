/// Limits of the HTTP/1.1 parser and connection.
///
/// Defaults follow common production servers: an 8 KiB request line covers
/// any sane URL, a 16 KiB header section any sane set of cookies.
public struct HTTPLimits: Sendable {
    /// Longest request line in bytes; longer → 414.
    public var maxRequestLineBytes: Int
    /// Longest header section (all field lines) in bytes; longer → 431.
    public var maxHeaderBytes: Int
    /// Most header fields; more → 431.
    public var maxHeaderCount: Int
    /// Longest chunk-size line, with extensions, in bytes; longer → 400.
    public var maxChunkLineBytes: Int
    /// Default body limit for routes that do not set their own, in bytes.
    public var defaultMaxBodyBytes: Int

    /// Limits; each argument defaults to the documented value.
    public init(
        maxRequestLineBytes: Int = 8 * 1024, maxHeaderBytes: Int = 16 * 1024, maxHeaderCount: Int = 100,
        maxChunkLineBytes: Int = 1024, defaultMaxBodyBytes: Int = 1024 * 1024
    ) {
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxChunkLineBytes = maxChunkLineBytes
        self.defaultMaxBodyBytes = defaultMaxBodyBytes
    }
}
