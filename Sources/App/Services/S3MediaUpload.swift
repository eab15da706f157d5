import Database
import Foundation
import Logging

/// An upload streamed into the bucket one part at a time: bytes collect in a `PartSpool` (a
/// temporary file, not memory) until a part of `partSize` is full, which is sent (UploadPart)
/// before more bytes are accepted. A file smaller than one part is sent whole with PutObject at
/// commit; a larger one is a multipart upload, created when its first part is full.
/// Nothing is visible under the key before commit; abort removes the parts and the spool.
actor S3MediaUpload: MediaUpload {
    private enum Phase { case receiving, committed, aborted }

    private let client: S3Client
    private let key: String
    private let filename: String
    private let contentType: String
    private let partSize: Int
    private let io: BlockingExecutor
    private let logger: Logger
    /// The current part and the running SHA-256 of the file; only touched on `io`.
    private let spool: PartSpool
    private var size = 0
    private var uploadID: String?
    private var parts: [S3Client.CompletedPart] = []
    private var phase = Phase.receiving

    init(
        client: S3Client, key: String, filename: String, contentType: String, partSize: Int, spool: PartSpool,
        io: BlockingExecutor, logger: Logger
    ) {
        self.client = client
        self.key = key
        self.filename = filename
        self.contentType = contentType
        self.partSize = partSize
        self.spool = spool
        self.io = io
        self.logger = logger
    }

    func write(_ bytes: [UInt8]) async throws {
        guard phase == .receiving else { throw MediaStoreError.alreadyFinished }
        let filled = try await io.run { [spool] in try spool.append(bytes) }
        size += bytes.count
        if filled >= partSize { try await sendPart() }
    }

    /// Sends the spool as the next part, starting the multipart upload first when needed.
    private func sendPart() async throws {
        let part = await io.run { [spool] in spool.part() }
        if uploadID == nil { uploadID = try await client.createMultipartUpload(key: key, contentType: contentType) }
        guard let uploadID else { return }
        parts.append(
            try await client.uploadPart(
                key: key, uploadID: uploadID, number: parts.count + 1,
                payload: .file(part.file, sha256: part.sha256)))
        try await io.run { [spool] in try spool.reset() }
    }

    func commit() async throws -> StoredMedia {
        guard phase == .receiving else { throw MediaStoreError.alreadyFinished }
        do {
            if uploadID == nil {
                let part = await io.run { [spool] in spool.part() }
                try await client.putObject(key: key, payload: .file(part.file, sha256: part.sha256), contentType: contentType)
            } else {
                if await io.run({ [spool] in spool.size }) > 0 { try await sendPart() }
                if let uploadID { try await client.completeMultipartUpload(key: key, uploadID: uploadID, parts: parts) }
            }
        } catch {
            await abort()
            throw error
        }
        phase = .committed
        let sha256 = await io.run { [spool] in
            spool.remove()
            return spool.fileDigest()
        }
        return StoredMedia(filename: filename, size: size, sha256: sha256)
    }

    func abort() async {
        guard phase == .receiving else { return }
        phase = .aborted
        await io.run { [spool] in spool.remove() }
        guard let uploadID else { return }  // nothing was sent: no object, no upload
        do {
            try await client.abortMultipartUpload(key: key, uploadID: uploadID)
        } catch {
            // The bucket keeps the parts until the start-up sweep aborts stale uploads.
            logger.warning("multipart abort failed; the orphan sweep retries it", metadata: ["error": "\(error)"])
        }
    }
}
