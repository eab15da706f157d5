import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small client for the S3 REST API: the object, multipart and listing operations the media
/// store needs, each request signed with Signature Version 4 and its payload's SHA-256.
///
/// Follows the Amazon S3 API Reference (API version 2006-03-01) as published in 2025.
final class S3Client: Sendable {
    /// The bucket and how to reach it.
    let configuration: S3Configuration
    let addressing: S3Addressing
    let signer: SigV4Signer
    private let transport: S3Transport
    /// Hashes large payloads off the concurrency pool.
    private let io: BlockingExecutor

    /// Bodies larger than this are hashed on `io` (8 MB takes tens of milliseconds).
    private static let inlineHashLimit = 64 * 1024

    /// A client for `configuration`; creates its URLSession now.
    /// - Parameters:
    ///   - configuration: bucket, credentials, region, endpoint, timeouts.
    ///   - io: where payload hashing runs.
    init(configuration: S3Configuration, io: BlockingExecutor) {
        self.configuration = configuration
        self.io = io
        addressing = S3Addressing(configuration)
        signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region, service: "s3")
        transport = S3Transport(
            requestTimeout: configuration.requestTimeoutSeconds, transferTimeout: configuration.transferTimeoutSeconds)
    }

    /// Attempts per request. S3 answers 500 (InternalError) and 503 (SlowDown) for conditions that
    /// pass, and asks clients to try again after a wait; AWS's SDKs make three attempts.
    static let maxAttempts = 3
    /// The wait before the second attempt and, doubled, before the third.
    static let retryBackoff = RetryBackoff(base: .milliseconds(100), cap: .seconds(1))

    /// One signed request, tried again after a transient refusal (`maxAttempts` in all);
    /// other non-2xx answers become `S3Error`s.
    /// - Parameters:
    ///   - key: the object key; nil addresses the bucket.
    ///   - timeout: seconds with no progress, when shorter than the configured request timeout.
    func send(
        _ operation: String, _ method: String, key: String?, query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [], payload: S3Payload = .empty, timeout: Double? = nil
    ) async throws -> S3Transport.Reply {
        let hash = await payloadHash(payload)
        return try await retrying(operation) {
            // Signed anew each time: the signature covers the time of the request.
            let request = try signedRequest(operation, method, key: key, query: query, headers: headers, payloadHash: hash, timeout: timeout)
            return try await transport.send(request, payload: payload, operation: operation)
        }
    }

    /// A signed GET whose body streams to `destination`, tried again like `send`.
    func download(_ operation: String, key: String, to destination: URL) async throws -> S3Transport.Reply {
        try await retrying(operation) {
            let request = try signedRequest(operation, "GET", key: key, query: [], headers: [], payloadHash: Self.emptyPayloadHash, timeout: nil)
            return try await transport.download(request, to: destination, operation: operation)
        }
    }

    /// `attempt` until it answers 2xx, again after a 500 or 503 while attempts remain. A request that got
    /// no answer is not repeated: an unreachable bucket is reported at once.
    private func retrying(_ operation: String, _ attempt: () async throws -> S3Transport.Reply) async throws -> S3Transport.Reply {
        var attempts = 0
        while true {
            let reply = try await attempt()
            attempts += 1
            if (200..<300).contains(reply.status) { return reply }
            guard reply.status == 500 || reply.status == 503, attempts < Self.maxAttempts else {
                throw S3Error.from(operation: operation, status: reply.status, body: reply.body)
            }
            try await Task.sleep(for: Self.retryBackoff.delay(afterAttempt: attempts))
        }
    }

    /// SHA-256 of the empty string: the payload hash of requests without a body.
    static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    private func payloadHash(_ payload: S3Payload) async -> String {
        switch payload {
        case .empty:
            return Self.emptyPayloadHash
        case .file(_, let sha256):
            return sha256
        case .bytes(let body):
            if body.count <= Self.inlineHashLimit { return body.withUnsafeBytes { Crypto.sha256Hex($0) } }
            return await io.run { body.withUnsafeBytes { Crypto.sha256Hex($0) } }
        }
    }

    private func signedRequest(
        _ operation: String, _ method: String, key: String?, query: [(name: String, value: String)],
        headers: [(name: String, value: String)], payloadHash: String, timeout: Double?
    ) throws -> URLRequest {
        let now = Date()
        let amzDate = SigV4Encoding.timestamps(now).amzDate
        let signable = SigV4Request(
            method: method, path: addressing.path(for: key), query: query,
            headers: headers + [("host", addressing.host), ("x-amz-content-sha256", payloadHash), ("x-amz-date", amzDate)],
            payloadHash: payloadHash)
        guard let url = addressing.url(encodedPath: signable.canonicalURI(), encodedQuery: signable.canonicalQuery) else {
            throw S3Error(operation: operation, status: nil, code: "InvalidKey", message: "the key does not form a URL")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        for (name, value) in signable.headers where name != "host" { request.setValue(value, forHTTPHeaderField: name) }
        request.setValue(signer.authorization(for: signable, at: now), forHTTPHeaderField: "Authorization")
        if let timeout, timeout < configuration.requestTimeoutSeconds { request.timeoutInterval = timeout }
        return request
    }

    /// A URL anyone may GET `key` with until `date + expiresSeconds` (query-string authentication).
    /// - Parameters:
    ///   - key: the object key.
    ///   - date: the signing time (at most now: S3 refuses URLs signed in the future).
    ///   - expiresSeconds: lifetime from `date`, clamped to 1…604800.
    /// - Returns: nil only when the key cannot form a URL.
    func presignedGetURL(key: String, date: Date = Date(), expiresSeconds: Int) -> URL? {
        let request = SigV4Request(
            method: "GET", path: addressing.path(for: key), query: [],
            headers: [("host", addressing.host)], payloadHash: SigV4Signer.unsignedPayload)
        let query = signer.presignedQuery(for: request, at: date, expiresSeconds: expiresSeconds)
        return addressing.url(encodedPath: request.canonicalURI(), encodedQuery: query)
    }
}
