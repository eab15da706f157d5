public import Foundation

/// A Sentry DSN, `https://<public key>@<host>[:port]/<project id>`, and the envelope endpoint it names.
public struct SentryDSN: Sendable, Equatable {
    /// The DSN as given (sent back in each envelope header, as Sentry's SDKs do).
    public let text: String
    /// The public key, sent in `X-Sentry-Auth`.
    public let publicKey: String
    /// `<scheme>://<host>[:port]/api/<project id>/envelope/`.
    public let envelopeURL: URL

    /// Parses `text`.
    /// - Throws: `ConfigError` for SENTRY_DSN naming what is wrong (never echoing the key).
    public init(parsing text: String) throws {
        func invalid(_ why: String) -> ConfigError { ConfigError(variable: "SENTRY_DSN", problem: why) }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "https" || scheme == "http"
        else {
            throw invalid("must be an https:// (or http://) URL")
        }
        guard let key = components.user, !key.isEmpty else { throw invalid("has no public key before the @") }
        guard let host = components.host, !host.isEmpty else { throw invalid("has no host") }
        let path = components.path.split(separator: "/")
        guard let project = path.last, !project.isEmpty, project.allSatisfy(\.isNumber) else {
            throw invalid("must end with the numeric project id")
        }
        var endpoint = URLComponents()
        endpoint.scheme = scheme
        endpoint.host = host
        endpoint.port = components.port
        endpoint.path = "/" + (path.dropLast().map(String.init) + ["api", String(project), "envelope", ""]).joined(separator: "/")
        guard let url = endpoint.url else { throw invalid("does not make a valid envelope URL") }
        self.text = text
        publicKey = key
        envelopeURL = url
    }
}
