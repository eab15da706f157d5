/// An access key pair. Its description shows the key id only: the secret never reaches a log line.
struct S3Credentials: Sendable, Equatable, CustomStringConvertible {
    /// AWS_ACCESS_KEY_ID.
    let accessKeyID: String
    /// AWS_SECRET_ACCESS_KEY.
    let secretAccessKey: String

    /// - Parameters:
    ///   - accessKeyID: the public half, sent in every request's credential scope.
    ///   - secretAccessKey: the private half, used only to derive signing keys.
    init(accessKeyID: String, secretAccessKey: String) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
    }

    var description: String { "S3Credentials(\(accessKeyID), secret: ***)" }
}
