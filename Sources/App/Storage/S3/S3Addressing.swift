import Foundation

/// Turns a bucket-relative key into the host and path a request goes to: path-style under a
/// custom endpoint, virtual-hosted style on AWS (path-style is deprecated there).
struct S3Addressing: Sendable {
    let scheme: String
    /// The Host header value: host, plus `:port` when the port is not the scheme's default
    /// (what URLSession sends, so what must be signed).
    let host: String
    /// Decoded path before the key: `/<bucket>` (path-style, after any endpoint path) or "".
    let basePath: String

    init(_ configuration: S3Configuration) {
        if let endpoint = configuration.endpoint, let host = endpoint.host {
            scheme = endpoint.scheme?.lowercased() ?? "https"
            let defaultPort = scheme == "https" ? 443 : 80
            self.host = endpoint.port.map { $0 == defaultPort ? host : "\(host):\($0)" } ?? host
            let prefix = endpoint.path.hasSuffix("/") ? String(endpoint.path.dropLast()) : endpoint.path
            basePath = prefix + "/" + configuration.bucket
        } else {
            scheme = "https"
            host = "\(configuration.bucket).s3.\(configuration.region).amazonaws.com"
            basePath = ""
        }
    }

    var origin: String { "\(scheme)://\(host)" }

    /// The decoded path of `key` (nil: the bucket itself, `/` on virtual-hosted style).
    func path(for key: String?) -> String {
        guard let key else { return basePath.isEmpty ? "/" : basePath }
        return basePath + "/" + key
    }

    /// The URL for an already encoded path and query.
    func url(encodedPath: String, encodedQuery: String) -> URL? {
        URL(string: "\(scheme)://\(host)\(encodedPath)" + (encodedQuery.isEmpty ? "" : "?\(encodedQuery)"))
    }
}
