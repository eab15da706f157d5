import Foundation

/// An error that knows the response it becomes (Hummingbird's `HTTPResponseError`).
public protocol HTTPResponseError: Error {
    /// The status to answer with.
    var status: HTTPStatus { get }
    /// The response for this error; by default `{"error": message}` as JSON.
    func response() -> Response
}

/// The stock error: a status and a message for the JSON body.
public struct HTTPError: HTTPResponseError, Sendable, Equatable {
    public let status: HTTPStatus
    /// Text for `{"error": …}`; the reason phrase when nil.
    public let message: String?

    /// An error answering `status` with `message`.
    public init(_ status: HTTPStatus, message: String? = nil) {
        self.status = status
        self.message = message
    }

    public func response() -> Response {
        .json(["error": message ?? status.reason], status: status)
    }
}

extension Response {
    /// A JSON response encoding `value` with sorted-free, slash-unescaped output.
    public static func json(_ value: some Encodable, status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders()) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var headers = headers
        headers.replaceOrAdd("Content-Type", "application/json")
        do {
            return Response(status: status, headers: headers, body: .bytes(Array(try encoder.encode(value))))
        } catch {
            // Encoding our own values only fails on non-finite numbers: a programming error, answered as 500.
            return Response(status: .internalServerError, headers: headers, body: .bytes(Array(#"{"error":"Internal server error"}"#.utf8)))
        }
    }

    /// A JSON response from bytes that are already JSON.
    public static func json(bytes: [UInt8], status: HTTPStatus = .ok) -> Response {
        Response(status: status, headers: ["Content-Type": "application/json"], body: .bytes(bytes))
    }
}
