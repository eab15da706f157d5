import Foundation

extension AppConfig.StorageSettings {
    /// The bucket settings when AWS_STORAGE_BUCKET_NAME is set, else nil (media on MEDIA_ROOT).
    /// - Throws: `ConfigError` naming the variable: a bucket without credentials, a bucket or
    ///   region that cannot be part of a host name, an endpoint that is not an http(s) URL with a host.
    static func objectStorage(_ env: Environment) throws -> S3Configuration? {
        guard let bucket = env.string("AWS_STORAGE_BUCKET_NAME") else { return nil }
        guard (3...63).contains(bucket.count), bucket.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) }) else {
            throw ConfigError(
                variable: "AWS_STORAGE_BUCKET_NAME",
                problem: "must be 3 to 63 letters, digits, dots, hyphens or underscores, got \"\(bucket)\"")
        }
        guard let keyID = env.string("AWS_ACCESS_KEY_ID") else {
            throw ConfigError(variable: "AWS_ACCESS_KEY_ID", problem: "is required when AWS_STORAGE_BUCKET_NAME is set")
        }
        guard let secret = env.string("AWS_SECRET_ACCESS_KEY") else {
            throw ConfigError(variable: "AWS_SECRET_ACCESS_KEY", problem: "is required when AWS_STORAGE_BUCKET_NAME is set")
        }
        let region = env.string("AWS_S3_REGION_NAME", default: "us-east-1")
        guard region.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
            throw ConfigError(variable: "AWS_S3_REGION_NAME", problem: "must be a region name such as us-east-1, got \"\(region)\"")
        }
        let location = env.string("AWS_LOCATION", default: "media").split(separator: "/").joined(separator: "/")
        return S3Configuration(
            bucket: bucket, credentials: S3Credentials(accessKeyID: keyID, secretAccessKey: secret), region: region,
            endpoint: try endpoint(env), location: location)
    }

    /// AWS_S3_ENDPOINT_URL: http or https, a host, no user info, query or fragment.
    private static func endpoint(_ env: Environment) throws -> URL? {
        guard let text = env.string("AWS_S3_ENDPOINT_URL") else { return nil }
        // A URL with user info may carry a password: never echoed.
        let shown = text.contains("@") ? "a URL with user info" : "\"\(text)\""
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty, url.user == nil, url.query == nil, url.fragment == nil
        else {
            throw ConfigError(
                variable: "AWS_S3_ENDPOINT_URL",
                problem: "must be an http:// or https:// URL with a host (such as https://s3.example.com), got \(shown)")
        }
        return url
    }
}
