internal import Foundation

#if canImport(FoundationNetworking)
internal import FoundationNetworking
#endif

/// Sends one provider request and reads its streamed reply: status check, SSE parsing, decoding.
struct ProviderExchange: Sendable {
    /// The most bytes of an error body read for the log excerpt.
    static let errorBodyLimit = 16 * 1024

    let provider: String
    let client: StreamingHTTPClient
    /// The API key, removed from anything that could reach a log.
    let secret: String

    /// POSTs `body` as JSON to `url` and streams the reply.
    /// - Parameters:
    ///   - body: the provider's request body.
    ///   - url: the endpoint.
    ///   - headers: the provider's own headers (authentication, version, Accept).
    ///   - decoder: the provider's stream decoder, fresh.
    ///   - onText: receives each text piece as it is decoded.
    /// - Returns: the whole reply.
    /// - Throws: `ChatError` (HTTP status with a short redacted body excerpt, transport, timeout, truncation,
    ///   malformed stream); `CancellationError`; an `EncodingError` for a body that cannot be encoded.
    func post<Body: Encodable, Decoder: ProviderStreamDecoder>(
        _ body: Body, to url: URL, headers: KeyValuePairs<String, String>, decoder: Decoder,
        onText: @Sendable (String) async -> Void
    ) async throws -> AssistantTurn {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONEncoder().encode(body)
        let response = try await client.send(request)
        guard (200..<300).contains(response.status) else {
            throw ChatError(.httpStatus(response.status), provider: provider, detail: try await excerpt(response.body))
        }
        var decoder = decoder
        var parser = SSEParser()
        for try await chunk in response.body {
            let events: [SSEEvent]
            do {
                events = try parser.feed(chunk)
            } catch {
                throw ChatError(.badResponse, provider: provider, detail: "\(error)")
            }
            for event in events {
                for piece in try decoder.consume(event) where !piece.isEmpty { await onText(piece) }
            }
        }
        try Task.checkCancellation()
        return try decoder.finish()
    }

    /// The start of an error body on one line, without the key.
    private func excerpt(_ body: AsyncThrowingStream<Data, any Error>) async throws -> String {
        var data = Data()
        do {
            for try await chunk in body where data.count < Self.errorBodyLimit { data.append(chunk) }
        } catch let error as ChatError where error.kind != .timeout {
            // The status already says what failed; a body cut short only shortens the excerpt.
        }
        return redacted(String(decoding: data.prefix(Self.errorBodyLimit), as: UTF8.self))
            .split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// `text` with every occurrence of the key replaced.
    func redacted(_ text: String) -> String {
        secret.isEmpty ? text : text.replacingOccurrences(of: secret, with: "[redacted]")
    }
}
