import Foundation
import Logging
import TestSupport

@testable import App

/// A fresh bucket on the loopback S3 server (`ThrowawayS3`) with a client and a store over it.
struct S3TestBucket {
    let server: ThrowawayS3
    let configuration: S3Configuration
    let client: S3Client
    let io = BlockingExecutor(label: "s3-test-io", width: 2)

    /// Makes the bucket (named uniquely, so tests sharing a server never meet).
    init(location: String = "media") async throws {
        server = try await ThrowawayS3()
        configuration = S3Configuration(
            bucket: "test-\(UUID().uuidString.lowercased().prefix(13))",
            credentials: S3Credentials(accessKeyID: ThrowawayS3.accessKeyID, secretAccessKey: ThrowawayS3.secretAccessKey),
            endpoint: server.endpoint, location: location, requestTimeoutSeconds: 20, transferTimeoutSeconds: 120)
        client = S3Client(configuration: configuration, io: io)
        try await client.createBucket()
    }

    /// A store over the bucket; `partSize` 5 MiB keeps multipart tests small.
    func store(partSize: Int = 5 << 20, sweepGraceSeconds: TimeInterval = 3600, temporaryDirectory: URL? = nil) -> S3MediaStore {
        S3MediaStore(
            client: client, io: io, logger: Logger(label: "s3-test"), partSize: partSize, sweepGraceSeconds: sweepGraceSeconds,
            temporaryDirectory: temporaryDirectory ?? FileManager.default.temporaryDirectory)
    }

    /// The environment that makes an App use this bucket.
    var environment: [String: String] {
        [
            "AWS_STORAGE_BUCKET_NAME": configuration.bucket, "AWS_ACCESS_KEY_ID": ThrowawayS3.accessKeyID,
            "AWS_SECRET_ACCESS_KEY": ThrowawayS3.secretAccessKey, "AWS_S3_ENDPOINT_URL": server.endpoint.absoluteString,
            "AWS_LOCATION": configuration.location,
        ]
    }

    /// Every key in the bucket.
    func keys() async throws -> [String] { try await client.listObjects(prefix: "").map(\.key).sorted() }

    /// Stops a server this test started (none when the run shares one).
    func finish() async { await server.destroy() }

    /// Deterministic bytes that do not repeat within a part (so a misplaced part changes the digest).
    static func bytes(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
    }
}
