import Foundation

/// The body of a request to the bucket.
enum S3Payload: Sendable {
    case empty
    /// Bytes in memory (XML documents, small objects).
    case bytes(Data)
    /// A file read back while it is sent, so large bodies never sit in memory; `sha256` is its
    /// hex digest, computed while the file was written.
    case file(URL, sha256: String)
}
