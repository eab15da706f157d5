/// Why an object-storage call failed. The description carries the operation, the HTTP status
/// and S3's own `Code` and `Message` (never a credential: the secret is never sent, and the
/// error body's echoed string-to-sign and canonical request are not kept).
struct S3Error: Error, CustomStringConvertible, Sendable, Equatable {
    /// `PutObject`, `HeadBucket`, …
    let operation: String
    /// The HTTP status, or nil when no response arrived.
    let status: Int?
    /// S3's error code (`NoSuchKey`, `InvalidAccessKeyId`, `SignatureDoesNotMatch`), or a local
    /// one: `Timeout`, `Transport`, `MalformedResponse`.
    let code: String
    /// S3's message, or the transport's.
    let message: String

    /// Creates an error; `message` must hold no secret.
    init(operation: String, status: Int?, code: String, message: String) {
        self.operation = operation
        self.status = status
        self.code = code
        self.message = message
    }

    /// True when the object, upload or bucket does not exist.
    var isNotFound: Bool { status == 404 || ["NoSuchKey", "NoSuchUpload", "NoSuchBucket", "NotFound"].contains(code) }

    var description: String {
        let head = "object storage \(operation) failed" + (status.map { " (HTTP \($0))" } ?? "")
        return message.isEmpty ? "\(head): \(code)" : "\(head): \(code): \(message)"
    }

    /// The error an error response describes. S3 sends `<Error><Code>…</Code><Message>…`; HEAD
    /// responses have no body, so the status alone names the problem then.
    static func from(operation: String, status: Int, body: [UInt8]) -> S3Error {
        if let root = try? XMLElementParser().parse(body), root.name == "Error" {
            return S3Error(
                operation: operation, status: status, code: root.text(of: "Code") ?? "HTTP\(status)",
                message: root.text(of: "Message") ?? "")
        }
        let code =
            switch status {
            case 301, 307: "WrongRegionOrEndpoint"
            case 400: "BadRequest"
            case 403: "AccessDenied"
            case 404: "NotFound"
            default: "HTTP\(status)"
            }
        return S3Error(operation: operation, status: status, code: code, message: "")
    }
}
