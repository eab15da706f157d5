import Foundation
import Logging
import TestSupport
import Testing

@testable import App

/// `audio-server check` with a bucket: HeadBucket replaces the MEDIA_ROOT check.
@Suite(.enabled(if: ThrowawayS3.isAvailable, "needs TEST_S3_ENDPOINT or MOTO_SERVER (scripts/with-s3.sh)"))
struct S3DeploymentCheckTests {
    private let logger = Logger(label: "check-tests") { _ in SwiftLogNoOpLogHandler() }

    @Test func theBucketIsCheckedWithItsCredentials() async throws {
        let bucket = try await S3TestBucket()
        var env = bucket.environment
        env["DATABASE_URL"] = "sqlite::memory:"
        let results = await DeploymentChecks(config: try AppConfig(environment: env), logger: logger).run()
        #expect(results.map(\.name) == ["debug", "secret_key", "api_key", "allowed_hosts", "bucket", "database", "migrations"])
        let check = try #require(results.first { $0.name == "bucket" })
        #expect(check.passed, "\(check)")
        env["AWS_STORAGE_BUCKET_NAME"] = "missing-\(UUID().uuidString.lowercased().prefix(8))"
        let missing = await DeploymentChecks(config: try AppConfig(environment: env), logger: logger).run().first { $0.name == "bucket" }
        #expect(missing?.passed == false)
        #expect(missing?.detail.contains("HeadBucket failed (HTTP 404)") == true, "\(missing?.detail ?? "")")
        #expect(missing?.detail.contains(ThrowawayS3.secretAccessKey) == false)
        await bucket.finish()
    }
}
