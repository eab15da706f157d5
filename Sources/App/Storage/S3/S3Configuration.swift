import Foundation

/// Where media objects live in an S3-compatible bucket (AWS_* variables, the names the
/// original app's storage backend read).
struct S3Configuration: Sendable, Equatable {
    /// AWS_STORAGE_BUCKET_NAME.
    var bucket: String
    /// AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
    var credentials: S3Credentials
    /// AWS_S3_REGION_NAME; default `us-east-1`. Part of every signature's scope.
    var region: String
    /// AWS_S3_ENDPOINT_URL: an S3-compatible service (MinIO, R2, Railway buckets, a test
    /// server), addressed path-style (`<endpoint>/<bucket>/<key>`); nil: AWS itself, addressed
    /// virtual-hosted style (`https://<bucket>.s3.<region>.amazonaws.com/<key>`).
    var endpoint: URL?
    /// AWS_LOCATION: the key prefix, without slashes at either end; default `media`.
    var location: String
    /// Deadline of one request with no byte moving, in seconds; default 30.
    var requestTimeoutSeconds: Double
    /// Deadline of one whole transfer (a part, a download), in seconds; default 900.
    var transferTimeoutSeconds: Double

    /// - Parameters: see the properties.
    init(
        bucket: String, credentials: S3Credentials, region: String = "us-east-1", endpoint: URL? = nil,
        location: String = "media", requestTimeoutSeconds: Double = 30, transferTimeoutSeconds: Double = 900
    ) {
        self.bucket = bucket
        self.credentials = credentials
        self.region = region
        self.endpoint = endpoint
        self.location = location
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.transferTimeoutSeconds = transferTimeoutSeconds
    }

    /// `scheme://host[:port]` that presigned URLs point at: what a page's Content-Security-Policy
    /// must allow for `<audio>` and `<img>` to follow the redirect.
    var origin: String { S3Addressing(self).origin }
}
