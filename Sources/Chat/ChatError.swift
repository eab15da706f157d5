/// A failure talking to a model provider.
///
/// `description` is meant for the log: it names the provider, the status and a short excerpt of the body,
/// never a key. `safeMessage` is what a client may see.
public struct ChatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// The provider answered with an HTTP error status.
        case httpStatus(Int)
        /// The request failed in transport (connection refused, reset, TLS, …).
        case transport
        /// No answer within the request timeout.
        case timeout
        /// The stream ended before the provider's end-of-message marker.
        case truncated
        /// The provider sent something that is not its documented format, or an error event in the stream.
        case badResponse
        /// The configuration cannot work (unknown model prefix, bad base URL).
        case configuration
    }

    /// What went wrong.
    public var kind: Kind
    /// The provider concerned: `gemini`, `anthropic`, `openai` or `local`.
    public var provider: String
    /// A short detail for the log: a body excerpt (at most 200 characters) or the transport error.
    public var detail: String

    /// Makes an error.
    /// - Parameters:
    ///   - kind: what went wrong.
    ///   - provider: the provider's short name.
    ///   - detail: a short detail for the log; cut to 200 characters.
    public init(_ kind: Kind, provider: String, detail: String = "") {
        self.kind = kind
        self.provider = provider
        self.detail = String(detail.prefix(200))
    }

    /// Whether one retry may help: 429 (rate limited) and 5xx (provider trouble) only; a timeout
    /// already cost the whole budget and a cut stream may have been billed, so neither is repeated.
    public var isRetryable: Bool {
        if case .httpStatus(let status) = kind { return status == 429 || (500...599).contains(status) }
        return false
    }

    /// A message for the client: no body, no key, no URL.
    public var safeMessage: String {
        switch kind {
        case .httpStatus(429): return "The language model is busy (rate limited). Please try again shortly."
        case .httpStatus(401), .httpStatus(403): return "The language model rejected the server's credentials."
        case .httpStatus(let status): return "The language model service failed (HTTP \(status))."
        case .transport: return "Could not reach the language model service."
        case .timeout: return "The language model did not answer in time."
        case .truncated: return "The language model's answer was cut off."
        case .badResponse: return "The language model sent an answer that could not be read."
        case .configuration: return "The language model is not configured correctly."
        }
    }

    /// `provider: kind (detail)`, for the log.
    public var description: String {
        detail.isEmpty ? "\(provider): \(kind)" : "\(provider): \(kind) (\(detail))"
    }
}
