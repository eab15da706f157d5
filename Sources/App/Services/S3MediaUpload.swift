import Database
import Foundation
import Logging
import Synchronization

/// An upload streamed into the bucket: bytes collect into one part of `partSize` in memory,
/// which is sent (UploadPart) before more bytes are accepted, so memory stays at one part
/// whatever the file's size. A file smaller than one part is sent whole with PutObject at
/// commit; a larger one is a multipart upload, created when its first part is full.
/// Nothing is visible under the key before commit; abort removes the parts.
actor S3MediaUpload: MediaUpload {
    private enum Phase { case receiving, committed, aborted }

    private let client: S3Client
    private let key: String
    private let filename: String
    private let contentType: String
    private let partSize: Int
    private let io: BlockingExecutor
    private let logger: Logger
    /// The running SHA-256 of every byte received; only touched on `io`.
    private let digest = Mutex<SHA256Hasher?>(SHA256Hasher())
    private var buffer = Data()
    private var size = 0
    private var uploadID: String?
    private var parts: [S3Client.CompletedPart] = []
    private var phase = Phase.receiving

    init(client: S3Client, key: String, filename: String, contentType: String, partSize: Int, io: BlockingExecutor, logger: Logger) {
        self.client = client
        self.key = key
        self.filename = filename
        self.contentType = contentType
        self.partSize = partSize
        self.io = io
        self.logger = logger
    }

    func write(_ bytes: [UInt8]) async throws {
        guard phase == .receiving else { throw MediaStoreError.alreadyFinished }
        await io.run { [self] in
            digest.withLock { hasher in bytes.withUnsafeBytes { raw in hasher?.update(raw) } }
        }
        // A file past 1 MiB is likely to fill a part: its buffer is reserved whole once, rather than
        // doubled (which would briefly hold two copies); small files never reserve a part's worth.
        if buffer.count < 1 << 20, buffer.count + bytes.count >= 1 << 20 { buffer.reserveCapacity(partSize + (256 << 10)) }
        buffer.append(contentsOf: bytes)
        size += bytes.count
        if buffer.count >= partSize { try await sendPart() }
    }

    /// Sends the buffer as the next part, starting the multipart upload first when needed.
    private func sendPart() async throws {
        let body = buffer
        buffer = Data()
        if uploadID == nil { uploadID = try await client.createMultipartUpload(key: key, contentType: contentType) }
        guard let uploadID else { return }
        parts.append(try await client.uploadPart(key: key, uploadID: uploadID, number: parts.count + 1, body: body))
    }

    func commit() async throws -> StoredMedia {
        guard phase == .receiving else { throw MediaStoreError.alreadyFinished }
        do {
            if uploadID == nil {
                try await client.putObject(key: key, body: buffer, contentType: contentType)
            } else {
                if !buffer.isEmpty { try await sendPart() }
                if let uploadID { try await client.completeMultipartUpload(key: key, uploadID: uploadID, parts: parts) }
            }
        } catch {
            await abort()
            throw error
        }
        phase = .committed
        buffer = Data()
        let sha256 = await io.run { [self] in
            digest.withLock { hasher -> String in
                guard let taken = hasher.take() else { return "" }
                return taken.finalizeHex()
            }
        }
        return StoredMedia(filename: filename, size: size, sha256: sha256)
    }

    func abort() async {
        guard phase == .receiving else { return }
        phase = .aborted
        buffer = Data()
        guard let uploadID else { return }  // nothing was sent: no object, no upload
        do {
            try await client.abortMultipartUpload(key: key, uploadID: uploadID)
        } catch {
            // The bucket keeps the parts until the start-up sweep aborts stale uploads.
            logger.warning("multipart abort failed; the orphan sweep retries it", metadata: ["error": "\(error)"])
        }
    }
}
