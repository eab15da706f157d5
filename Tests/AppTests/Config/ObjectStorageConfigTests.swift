import Foundation
import Testing

@testable import App

/// AWS_* variables (AppConfig+ObjectStorage.swift).
@Suite struct ObjectStorageConfigTests {
    static let keys = ["AWS_STORAGE_BUCKET_NAME": "media-bucket", "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "top-secret-value"]

    static func problem(_ environment: [String: String]) -> String? {
        do {
            _ = try AppConfig(environment: environment)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func noBucketMeansTheLocalFolder() throws {
        #expect(try AppConfig(environment: ["AWS_ACCESS_KEY_ID": "x"]).storage.objectStorage == nil)
    }

    @Test func defaultsAreAWSInUSEast1UnderMedia() throws {
        let storage = try #require(try AppConfig(environment: Self.keys).storage.objectStorage)
        #expect(storage.region == "us-east-1" && storage.location == "media" && storage.endpoint == nil)
        #expect(storage.origin == "https://media-bucket.s3.us-east-1.amazonaws.com")
        let client = S3Client(configuration: storage, io: BlockingExecutor(label: "t", width: 1))
        let url = try #require(client.presignedGetURL(key: "media/a.wav", expiresSeconds: 60))
        #expect(url.absoluteString.hasPrefix("https://media-bucket.s3.us-east-1.amazonaws.com/media/a.wav?X-Amz-Algorithm="))
    }

    @Test func anEndpointIsAddressedPathStyle() throws {
        var env = Self.keys
        env["AWS_S3_ENDPOINT_URL"] = "http://127.0.0.1:9000/"
        env["AWS_S3_REGION_NAME"] = "auto"
        env["AWS_LOCATION"] = "/uploads/audio/"
        let storage = try #require(try AppConfig(environment: env).storage.objectStorage)
        #expect(storage.location == "uploads/audio" && storage.region == "auto")
        #expect(storage.origin == "http://127.0.0.1:9000")
        let client = S3Client(configuration: storage, io: BlockingExecutor(label: "t", width: 1))
        let url = try #require(client.presignedGetURL(key: "uploads/audio/a b.wav", expiresSeconds: 60))
        #expect(url.absoluteString.hasPrefix("http://127.0.0.1:9000/media-bucket/uploads/audio/a%20b.wav?"))
        #expect(url.absoluteString.contains("%2Fauto%2Fs3%2Faws4_request"))
    }

    @Test(arguments: [
        (["AWS_ACCESS_KEY_ID": ""], "AWS_ACCESS_KEY_ID: is required when AWS_STORAGE_BUCKET_NAME is set"),
        (["AWS_SECRET_ACCESS_KEY": ""], "AWS_SECRET_ACCESS_KEY: is required when AWS_STORAGE_BUCKET_NAME is set"),
        (["AWS_S3_ENDPOINT_URL": "localhost:9000"], "AWS_S3_ENDPOINT_URL: must be an http:// or https:// URL with a host"),
        (["AWS_S3_ENDPOINT_URL": "ftp://host"], "AWS_S3_ENDPOINT_URL: must be an http:// or https:// URL with a host"),
        (["AWS_S3_ENDPOINT_URL": "https://"], "AWS_S3_ENDPOINT_URL: must be an http:// or https:// URL with a host"),
        (["AWS_STORAGE_BUCKET_NAME": "a/b"], "AWS_STORAGE_BUCKET_NAME: must be 3 to 63"),
        (["AWS_S3_REGION_NAME": "US East"], "AWS_S3_REGION_NAME: must be a region name"),
    ])
    func badSettingsNameTheirVariable(_ change: [String: String], _ expected: String) {
        let problem = Self.problem(Self.keys.merging(change) { $1 })
        #expect(problem?.hasPrefix(expected) == true, "\(problem ?? "no error")")
        #expect(problem?.contains("top-secret-value") == false)
    }

    @Test func anEndpointWithUserInfoIsNotEchoed() {
        let problem = Self.problem(Self.keys.merging(["AWS_S3_ENDPOINT_URL": "https://user:pass@host"]) { $1 })
        #expect(
            problem
                == "AWS_S3_ENDPOINT_URL: must be an http:// or https:// URL with a host (such as https://s3.example.com), got a URL with user info")
    }

    @Test func theDefaultPolicyAllowsTheBucketForMediaOnly() {
        let policy = SecurityHeadersMiddleware.defaultContentSecurityPolicy(mediaOrigins: ["https://b.s3.us-east-1.amazonaws.com"])
        #expect(policy.contains("media-src 'self' blob: https://b.s3.us-east-1.amazonaws.com;"))
        #expect(policy.contains("img-src 'self' data: blob: https://b.s3.us-east-1.amazonaws.com;"))
        #expect(policy.contains("script-src 'self';"))
        #expect(SecurityHeadersMiddleware.defaultContentSecurityPolicy == SecurityHeadersMiddleware.defaultContentSecurityPolicy(mediaOrigins: []))
    }
}
