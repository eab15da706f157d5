import Foundation
import HTTPServer

/// The response for a stored file: the file itself from a volume (`FileResponse`: Range/206,
/// validators), or a 302 to a bucket's presigned URL.
enum MediaResponse {
    /// - Parameters:
    ///   - delivery: what the store offers; nil gives nil.
    ///   - contentType: for a local file (a bucket sends the type stored with the object).
    /// - Returns: nil when there is nothing to serve (the caller answers 404).
    static func make(
        _ delivery: MediaDelivery?, contentType: String, request: Request, io: BlockingExecutor, cacheControl: String
    ) async throws -> Response? {
        switch delivery {
        case .file(let url)?:
            return try await FileResponse.make(url: url, contentType: contentType, request: request, io: io, cacheControl: cacheControl)
        case .redirect(let url)?:
            // The Location carries a credential that ends with the signed URL: never cached
            // beyond it, and the bucket's own answer carries the bytes' caching headers.
            return Response(status: HTTPStatus(code: 302), headers: ["Location": url.absoluteString, "Cache-Control": "private, no-store"])
        case nil:
            return nil
        }
    }
}
