import Foundation

/// AWS Signature Version 4 (`AWS4-HMAC-SHA256`) over libcrypto: the Authorization header for
/// a request, and presigned URLs (query-string authentication).
///
/// Follows the AWS General Reference "Signature Version 4 signing process" and the S3 API
/// reference "Authenticating Requests (AWS Signature Version 4)" (header-based and
/// query-string variants), as published in 2025.
struct SigV4Signer: Sendable {
    let credentials: S3Credentials
    /// `us-east-1`, …
    let region: String
    /// `s3`; other services (`iam` in the published example) encode the path twice.
    let service: String

    /// The hash S3 accepts instead of a payload's SHA-256 (presigned URLs always use it).
    static let unsignedPayload = "UNSIGNED-PAYLOAD"
    /// S3 refuses presigned URLs that live longer than seven days.
    static let maximumPresignedSeconds = 604_800

    /// `<date>/<region>/<service>/aws4_request`.
    func credentialScope(dateStamp: String) -> String { "\(dateStamp)/\(region)/\(service)/aws4_request" }

    /// The `Authorization` header value for `request`, signed at `date`.
    /// - Parameters:
    ///   - request: must already carry the `x-amz-date` header (and for S3 `x-amz-content-sha256`)
    ///     the server will compare against; see `SigV4Encoding.timestamps`.
    ///   - date: the signing time; its UTC day is the scope's date.
    /// - Returns: `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`.
    func authorization(for request: SigV4Request, at date: Date) -> String {
        let (amzDate, dateStamp) = SigV4Encoding.timestamps(date)
        let signature = signature(canonicalRequest: canonical(request), amzDate: amzDate, dateStamp: dateStamp)
        return "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(credentialScope(dateStamp: dateStamp)), "
            + "SignedHeaders=\(request.signedHeaders), Signature=\(signature)"
    }

    /// The query of a presigned URL: `request.query` plus the `X-Amz-*` authentication
    /// parameters, encoded and sorted as signed; only `host` is signed, the payload is unsigned.
    /// - Parameters:
    ///   - request: method, path, extra query and a `host` header; its payload hash is ignored.
    ///   - date: the signing time.
    ///   - expiresSeconds: lifetime from `date`, clamped to 1…604800 (S3's limits).
    /// - Returns: the encoded query string, without `?`.
    func presignedQuery(for request: SigV4Request, at date: Date, expiresSeconds: Int) -> String {
        let (amzDate, dateStamp) = SigV4Encoding.timestamps(date)
        var signed = request
        signed.headers = request.headers.filter { $0.name.lowercased() == "host" }
        signed.payloadHash = Self.unsignedPayload
        signed.query += [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", "\(credentials.accessKeyID)/\(credentialScope(dateStamp: dateStamp))"),
            ("X-Amz-Date", amzDate),
            ("X-Amz-Expires", String(min(max(expiresSeconds, 1), Self.maximumPresignedSeconds))),
            ("X-Amz-SignedHeaders", signed.signedHeaders),
        ]
        let signature = signature(canonicalRequest: canonical(signed), amzDate: amzDate, dateStamp: dateStamp)
        return signed.canonicalQuery + "&X-Amz-Signature=" + signature
    }

    /// The string to sign: algorithm, timestamp, scope and the canonical request's hash.
    func stringToSign(canonicalRequest: String, amzDate: String, dateStamp: String) -> String {
        ["AWS4-HMAC-SHA256", amzDate, credentialScope(dateStamp: dateStamp), Crypto.sha256Hex(Array(canonicalRequest.utf8))]
            .joined(separator: "\n")
    }

    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
    func signingKey(dateStamp: String) -> [UInt8] {
        let date = Crypto.hmacSHA256(key: Array("AWS4\(credentials.secretAccessKey)".utf8), message: Array(dateStamp.utf8))
        let region = Crypto.hmacSHA256(key: date, message: Array(self.region.utf8))
        let service = Crypto.hmacSHA256(key: region, message: Array(self.service.utf8))
        return Crypto.hmacSHA256(key: service, message: Array("aws4_request".utf8))
    }

    private func canonical(_ request: SigV4Request) -> String {
        request.canonicalRequest(encodePathTwice: service != "s3")
    }

    private func signature(canonicalRequest: String, amzDate: String, dateStamp: String) -> String {
        let text = stringToSign(canonicalRequest: canonicalRequest, amzDate: amzDate, dateStamp: dateStamp)
        return Crypto.hex(Crypto.hmacSHA256(key: signingKey(dateStamp: dateStamp), message: Array(text.utf8)))
    }
}
