import Chat
import Foundation
import HTTPServer

/// `GET /api/openapi.json`: the OpenAPI document, rendered once at start (it only changes with
/// the binary) and revalidated by its ETag.
struct OpenAPIRoutes {
    static let path = "/api/openapi.json"

    /// The route table the document describes, this route included.
    let document: OpenAPIDocument
    private let body: [UInt8]
    private let etag: String

    /// Renders the document for `routes` plus this route itself.
    init(documenting routes: [Route], version: String) {
        let entries =
            routes.map { OpenAPIDocument.Entry(method: $0.method, pattern: $0.pattern.description) }
            + [OpenAPIDocument.Entry(method: .get, pattern: Self.path)]
        document = OpenAPIDocument(entries: entries, version: version)
        body = Array(document.value.jsonText.utf8)
        let hasher = SHA256Hasher()
        body.withUnsafeBytes { hasher.update($0) }
        etag = "\"\(hasher.finalizeHex().prefix(32))\""
    }

    var routes: [Route] {
        [
            Route(
                .get, Self.path,
                handler: .immediate { [body, etag] request, _ in
                    var headers: HTTPHeaders = ["ETag": etag, "Cache-Control": "public, max-age=300"]
                    if Self.matches(request.headers["if-none-match"], etag: etag) {
                        return Response(status: .notModified, headers: headers)
                    }
                    headers.add("Content-Type", "application/json")
                    return Response(status: .ok, headers: headers, body: .bytes(body))
                })
        ]
    }

    /// RFC 9110 §13.1.2: `*` or any listed tag, compared weakly (a `W/` prefix is ignored).
    static func matches(_ ifNoneMatch: String?, etag: String) -> Bool {
        guard let ifNoneMatch else { return false }
        return ifNoneMatch.split(separator: ",").contains { candidate in
            var tag = candidate.trimmingCharacters(in: .whitespaces)[...]
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
            return tag == etag
        }
    }
}
