import AudioAnalysis
import Database
import Foundation
import HTTPServer
import Logging

/// `/api/tracks/…` and `/media/…` (API.md "Tracks").
struct TrackRoutes {
    let services: AppServices
    let queue: AnalysisQueue
    let authorize: @Sendable (Request) async throws -> Identity
    let probe: @Sendable (URL) throws -> SourceInfo

    var routes: [Route] {
        let limitMB = services.config.storage.maxUploadMB
        // Multipart framing adds a little to the file itself.
        let bodyLimit = limitMB * 1_048_576 + 64 * 1024
        let tooLarge: @Sendable () -> Response = { AppError.fileTooLarge(limitMB: limitMB).response() }
        return [
            Route(
                .post, "/api/tracks/", maxBodyBytes: bodyLimit, tooLarge: tooLarge,
                handler: .async { request, _ in
                    try await upload(request, tooLarge: tooLarge)
                }),
            Route(.get, "/api/tracks/", handler: .async { request, _ in try await list(request) }),
            Route(.get, "/api/tracks/list/", handler: .async { request, _ in try await list(request) }),
            Route(.get, "/api/tracks/:id/", handler: .async { request, context in try await detail(request, context) }),
            Route(.delete, "/api/tracks/:id/", handler: .async { request, context in try await delete(request, context) }),
            Route(.get, "/api/tracks/:id/waveform/", handler: .async { request, context in try await waveform(request, context) }),
            Route(
                .get, "/api/tracks/:id/spectrogram.png",
                handler: .async { request, context in
                    try await spectrogram(request, context)
                }),
            Route(.get, "/media/:file", handler: .async { request, context in try await mediaFile(request, context) }),
        ]
    }

    // MARK: Upload

    private func upload(_ request: Request, tooLarge: @escaping @Sendable () -> Response) async throws -> Response {
        let identity = try await authorize(request)
        try await services.requireFreeDisk()
        let receiver = UploadReceiver(
            media: services.media, fileField: "file", allowedExtensions: Application.allowedExtensions)
        let received: UploadReceiver.Received
        do {
            received = try await receiver.receive(request)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            return tooLarge()
        } catch let error as MediaStoreError {
            services.logger.error("upload failed", metadata: ["error": "\(error)"])
            if case .writeFailed(let code) = error, code == ENOSPC { throw AppError.insufficientStorage }
            throw error
        }
        let stored = received.media
        services.metrics.uploaded(bytes: stored.size)
        do {
            return try await register(received, identity: identity)
        } catch {
            await services.media.delete(stored.filename)
            throw error
        }
    }

    /// Probes the committed file, records the track and queues it.
    private func register(_ received: UploadReceiver.Received, identity: Identity) async throws -> Response {
        let stored = received.media
        let (probe, probes) = (self.probe, services.probes)
        let info: SourceInfo
        do {
            // The whole file, not a prefix: some formats' duration is known only by reading to the
            // end. From a bucket that is one download to a temporary file, removed at once.
            info = try await services.media.withLocalFile(stored.filename) { url in try await probes.run { try probe(url) } }
        } catch let error as AnalysisError {
            await services.media.delete(stored.filename)
            throw AppError.unsupportedFormat(error.description)
        }
        let id = UUID(text: String(stored.filename.prefix(36))) ?? UUID()
        let track = Track(
            id: id, ownerID: identity.ownerID, originalFilename: received.originalFilename,
            filename: received.displayName.isEmpty ? "upload\(received.fileExtension)" : received.displayName,
            mediaFilename: stored.filename, size: Int64(stored.size), sha256: stored.sha256, duration: info.durationSeconds,
            sampleRate: info.sampleRate, channels: info.channels, format: String(received.fileExtension.dropFirst()),
            createdAt: Date())
        // One transaction: a track never exists without its job, nor a job without its track.
        try await queue.enqueue(.track(id)) { tx in try await TrackStore(database: tx).insert(track) }
        return .json(
            Created(
                track_id: id.lowercasedString, filename: track.filename, status: "pending",
                url: services.signer.sign(path: "/media/\(stored.filename)")), status: .created)
    }

    private struct Created: Encodable {
        let track_id: String
        let filename: String
        let status: String
        let url: String
    }

    // MARK: Reading and deleting

    private func list(_ request: Request) async throws -> Response {
        let identity = try await authorize(request)
        let limit = try Self.intQuery(request, "limit", default: 50)
        let offset = try Self.intQuery(request, "offset", default: 0)
        let summaries = try await services.tracks.listSummaries(scope: identity.scope, limit: min(max(limit, 0), 100), offset: max(offset, 0))
        return .json(bytes: TrackRepresentation.json(summaries))
    }

    private static func intQuery(_ request: Request, _ name: String, default value: Int) throws -> Int {
        guard let text = request.query(name) else { return value }
        guard let number = Int(text) else { throw AppError.badRequest("\(name) must be an integer") }
        return number
    }

    private func track(_ request: Request, _ context: RequestContext) async throws -> Track {
        let identity = try await authorize(request)
        guard let id = context.parameters["id"].flatMap(UUID.init(text:)),
            let track = try await services.tracks.get(id: id, scope: identity.scope)
        else { throw AppError.trackNotFound }
        return track
    }

    private func detail(_ request: Request, _ context: RequestContext) async throws -> Response {
        .json(bytes: TrackRepresentation.json(try await track(request, context), signer: services.signer))
    }

    private func delete(_ request: Request, _ context: RequestContext) async throws -> Response {
        let identity = try await authorize(request)
        guard let id = context.parameters["id"].flatMap(UUID.init(text:)),
            let deleted = try await services.tracks.delete(id: id, scope: identity.scope)
        else { throw AppError.trackNotFound }
        // Its analysis job went with the row (ON DELETE CASCADE); a worker still running it loses its lease.
        await services.media.delete(deleted.mediaFilename)
        return Response(status: .noContent)
    }

    private func waveform(_ request: Request, _ context: RequestContext) async throws -> Response {
        // One query: the peaks column only, not the whole track.
        let identity = try await authorize(request)
        guard let id = context.parameters["id"].flatMap(UUID.init(text:)),
            let peaks = try await services.tracks.waveform(id: id, scope: identity.scope)
        else { throw AppError.trackNotFound }
        let points = try Self.intQuery(request, "points", default: 1000)
        guard (100...10_000).contains(points) else { throw AppError.badRequest("points must be between 100 and 10000") }
        guard let data = peaks, let stored = try? JSONDecoder().decode(StoredWaveform.self, from: data) else {
            throw AppError.notFound("Waveform not available yet")
        }
        let (lows, highs) = stored.resampled(to: points)
        return .json(WaveformRepresentation(duration: stored.duration, points: points, min: lows, max: highs))
    }

    private struct WaveformRepresentation: Encodable {
        let duration: Double
        let points: Int
        let min: [Float]
        let max: [Float]
    }

    // MARK: Files

    /// The spectrogram: with the owner's credentials, or with a signed URL (for `<img>`).
    private func spectrogram(_ request: Request, _ context: RequestContext) async throws -> Response {
        guard let id = context.parameters["id"].flatMap(UUID.init(text:)) else { throw AppError.trackNotFound }
        let signed = services.signer.verify(
            path: "/api/tracks/\(id.lowercasedString)/spectrogram.png",
            expires: request.query("expires"), signature: request.query("sig"))
        let scope = signed ? OwnerScope.all : try await authorize(request).scope
        // A redirect lasts as long as the signed URL, or with credentials as long as a new one would.
        let expiry = signed ? Self.expiry(request) : Date().addingTimeInterval(TimeInterval(services.signer.ttl))
        guard let track = try await services.tracks.get(id: id, scope: scope), let name = track.spectrogramFilename,
            let response = try await MediaResponse.make(
                await services.media.delivery(of: name, until: expiry), contentType: "image/png", request: request,
                io: services.io, cacheControl: signed ? services.signer.cacheControl(expires: request.query("expires")) : "private, no-cache")
        else { throw AppError.notFound("Spectrogram not available") }
        return response
    }

    private func mediaFile(_ request: Request, _ context: RequestContext) async throws -> Response {
        guard let name = context.parameters["file"], StoredName.isValid(name) else {
            throw AppError.notFound()
        }
        guard services.signer.verify(path: "/media/\(name)", expires: request.query("expires"), signature: request.query("sig")) else {
            throw AppError.forbidden("Invalid or expired signature")
        }
        guard
            let response = try await MediaResponse.make(
                await services.media.delivery(of: name, until: Self.expiry(request)), contentType: MediaType.forFileName(name),
                // Cached as long as the URL is valid: signed URLs repeat for a while (URLSigner), so revisits hit the cache.
                request: request, io: services.io, cacheControl: services.signer.cacheControl(expires: request.query("expires")))
        else { throw AppError.notFound() }
        return response
    }

    /// The deadline of a verified signed URL (`expires`, Unix seconds).
    private static func expiry(_ request: Request) -> Date {
        Date(timeIntervalSince1970: TimeInterval(request.query("expires").flatMap(Int.init) ?? 0))
    }
}
