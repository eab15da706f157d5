import Database
import Foundation
import HTTPServer

/// `/api/analyse/…`: idempotent analysis of short recordings for mobile
/// clients (API.md "Sketchbook fragments").
struct FragmentRoutes {
    let services: AppServices
    let queue: AnalysisQueue
    let authorize: @Sendable (Request) async throws -> Identity

    /// Re-queues a failed fragment allows (API.md).
    static let maxRetries = 3
    static let decodableTypes: Set<String> = [
        "audio/wav", "audio/wave", "audio/x-wav", "audio/mpeg", "audio/mp3", "audio/flac", "audio/ogg", "audio/opus",
    ]
    static let ffmpegTypes: Set<String> = ["audio/mp4", "audio/m4a", "audio/x-m4a", "audio/aac", "audio/webm"]

    var routes: [Route] {
        let limit = services.config.storage.maxUploadMB * 1_048_576 + 64 * 1024
        return [
            Route(.post, "/api/analyse/", maxBodyBytes: limit, handler: .async { request, _ in try await submit(request) }),
            Route(.get, "/api/analyse/:id/", handler: .async { request, context in try await status(request, context) }),
        ]
    }

    private func submit(_ request: Request) async throws -> Response {
        let identity = try await authorize(request)
        try await services.requireFreeDisk()
        // Every problem with the form is a validation error here (API.md), not a bare 400.
        let receiver = UploadReceiver(
            media: services.media, fileField: "audio", allowedExtensions: nil, storedExtension: ".fragment",
            missingFile: "audio is required", malformed: AppError.validation)
        let received = try await receiver.receive(request)
        services.metrics.uploaded(bytes: received.media.size)
        do {
            let fragment = try validate(received, owner: identity.ownerID)
            let (stored, inserted) = try await services.fragments.insertOrGet(fragment)
            if !inserted { await services.media.delete(received.media.filename) }
            guard stored.ownerID == identity.ownerID || identity == .apiKey else { throw AppError.detailNotFound }
            return try await answer(for: stored)
        } catch {
            await services.media.delete(received.media.filename)
            throw error
        }
    }

    private func validate(_ received: UploadReceiver.Received, owner: Int64?) throws -> Fragment {
        guard let mime = received.fields["mime_type"]?.lowercased(), !mime.isEmpty else { throw AppError.validation("mime_type is required") }
        guard let idText = received.fields["fragment_id"], let id = UUID(text: idText) else {
            throw AppError.validation("fragment_id must be a UUID")
        }
        var duration: Double?
        if let text = received.fields["duration_seconds"] {
            guard let value = Double(text), value.isFinite, value >= 0 else { throw AppError.validation("duration_seconds must be a number") }
            duration = value
        }
        let decodable = Self.decodableTypes.contains(mime) || (services.config.analysis.ffmpegPath != nil && Self.ffmpegTypes.contains(mime))
        guard decodable else {
            throw AppError.unsupportedFormat("Cannot decode \(mime)")
        }
        return Fragment(
            id: id, ownerID: owner, audioPath: received.media.filename, mimeType: mime,
            durationSeconds: duration, createdAt: Date())
    }

    /// 202 while pending, 200 with the result once complete; a failure is re-queued up to 3 times.
    private func answer(for fragment: Fragment) async throws -> Response {
        switch fragment.status {
        case .pending, .processing:
            // Queued again on every POST: a no-op while its job is unfinished, and a repair when
            // the first POST stored the fragment but failed to queue it.
            try await queue.enqueue(.fragment(fragment.id))
            return pending(fragment.id)
        case .complete:
            return try result(fragment)
        case .failed:
            guard let requeued = try await services.fragments.requeue(id: fragment.id, maxRetries: Self.maxRetries, at: Date()) else {
                return try result(fragment)
            }
            try await queue.enqueue(.fragment(requeued.id))
            return pending(requeued.id)
        }
    }

    private func pending(_ id: UUID) -> Response {
        let text = id.lowercasedString
        return .json(["fragment_id": text, "status": "pending", "poll_url": "/api/analyse/\(text)/"], status: .accepted)
    }

    private func status(_ request: Request, _ context: RequestContext) async throws -> Response {
        let identity = try await authorize(request)
        guard let id = context.parameters["id"].flatMap(UUID.init(text:)),
            let fragment = try await services.fragments.get(id: id),
            fragment.ownerID == identity.ownerID || identity == .apiKey
        else { throw AppError.detailNotFound }
        switch fragment.status {
        case .pending, .processing: return .json(["fragment_id": id.lowercasedString, "status": "pending"])
        case .complete, .failed: return try result(fragment)
        }
    }

    /// `{"fragment_id","status":"complete","model_version",…result}` or the failure.
    private func result(_ fragment: Fragment) throws -> Response {
        let id = fragment.id.lowercasedString
        guard fragment.status == .complete, let result = fragment.result else {
            return .json(["fragment_id": id, "status": "failed", "error": fragment.error ?? "Analysis failed"])
        }
        let head = #"{"fragment_id":"\#(id)","status":"complete","model_version":"\#(fragment.modelVersion ?? AppVersion.current)","#
        var bytes = Array(head.utf8)
        bytes += Array(result.dropFirst())  // the stored object without its opening brace
        return .json(bytes: bytes)
    }
}
