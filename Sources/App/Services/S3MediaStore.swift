import Database
import Foundation
import HTTPServer
import Logging

/// Media in an S3-compatible bucket under `<AWS_LOCATION>/<name>`, so web replicas and workers
/// on different machines share it and no volume is needed.
///
/// Uploads stream into a multipart upload one part at a time, each spooled to a temporary file
/// (`S3MediaUpload`); decoders get a temporary download (`withLocalFile`); clients are redirected
/// to presigned URLs, so the bytes of `/media/…` never pass through this process.
struct S3MediaStore: MediaStore {
    let client: S3Client
    let io: BlockingExecutor
    let logger: Logger
    /// Bytes spooled per part; default 8 MiB (S3's minimum part is 5 MiB, at most 10000 parts).
    let partSize: Int
    /// Objects and multipart uploads younger than this are never swept: another replica may be
    /// between committing a file and writing its row. Default one hour.
    let sweepGraceSeconds: TimeInterval
    /// Where `withLocalFile` downloads to and uploads spool their parts.
    let temporaryDirectory: URL

    /// A store over `client`.
    /// - Parameters:
    ///   - client: the bucket.
    ///   - io: file work (temporary files) and payload hashing.
    ///   - logger: failures of best-effort clean-ups.
    ///   - partSize: bytes per multipart part, ≥ 5 MiB; default 8 MiB.
    ///   - sweepGraceSeconds: see the property; default 3600.
    ///   - temporaryDirectory: default the system's.
    init(
        client: S3Client, io: BlockingExecutor, logger: Logger, partSize: Int = 8 << 20, sweepGraceSeconds: TimeInterval = 3600,
        temporaryDirectory: URL = FileManager.default.temporaryDirectory
    ) {
        self.client = client
        self.io = io
        self.logger = logger
        self.partSize = max(5 << 20, partSize)
        self.sweepGraceSeconds = sweepGraceSeconds
        self.temporaryDirectory = temporaryDirectory
    }

    /// `<location>/<name>`, or `<name>` when the location is empty.
    func key(_ filename: String) -> String {
        client.configuration.location.isEmpty ? filename : client.configuration.location + "/" + filename
    }

    private var keyPrefix: String { client.configuration.location.isEmpty ? "" : client.configuration.location + "/" }

    func beginUpload(fileExtension: String) async throws -> any MediaUpload {
        let name = UUID().lowercasedString + fileExtension.lowercased()
        let spool = try await io.run { [temporaryDirectory] in try PartSpool(directory: temporaryDirectory) }
        return S3MediaUpload(
            client: client, key: key(name), filename: name, contentType: MediaType.forFileName(name),
            partSize: partSize, spool: spool, io: io, logger: logger)
    }

    func withLocalFile<T: Sendable>(_ filename: String, _ body: (URL) async throws -> T) async throws -> T {
        guard StoredName.isValid(filename) else { throw MediaStoreError.missing }
        // The stored name's extension is kept: ffmpeg and libsndfile guess formats from it.
        let local = temporaryDirectory.appendingPathComponent("s3-\(UUID().lowercasedString)-\(filename)")
        do {
            try await client.getObject(key: key(filename), to: local)
            let result = try await body(local)
            await remove(local)
            return result
        } catch {
            await remove(local)
            if let failure = error as? S3Error, failure.isNotFound { throw MediaStoreError.missing }
            throw error
        }
    }

    private func remove(_ url: URL) async {
        await io.run {
            // Absent when the download failed before creating it: nothing to remove then.
            try? FileManager.default.removeItem(at: url)
        }
    }

    /// A presigned GET that ends exactly at `expiry` (capped at S3's seven days), signed at the
    /// start of the current minute: every request for the same signed media URL within a minute
    /// gets the same bucket URL, so the browser's cache of the bytes is reused. Why a redirect:
    /// the bytes never pass through a web replica, the bucket answers Range with 206 itself, and
    /// any replica can answer because nothing local is needed.
    func delivery(of filename: String, until expiry: Date) async -> MediaDelivery? {
        let now = Date().timeIntervalSince1970
        guard StoredName.isValid(filename), expiry.timeIntervalSince1970 > now else { return nil }
        let signedAt = Date(timeIntervalSince1970: (now / 60).rounded(.down) * 60)
        let lifetime = Int((expiry.timeIntervalSince1970 - signedAt.timeIntervalSince1970).rounded(.down))
        guard lifetime > 0, let url = client.presignedGetURL(key: key(filename), date: signedAt, expiresSeconds: lifetime) else {
            return nil
        }
        return .redirect(url)
    }

    func writeDerived(named filename: String, contents: [UInt8]) async throws {
        guard StoredName.isValid(filename) else { throw MediaStoreError.cannotCreate(errno: EINVAL) }
        // PutObject is atomic: readers see the old object or the new one, never part of one.
        try await client.putObject(key: key(filename), payload: .bytes(Data(contents)), contentType: MediaType.forFileName(filename))
    }

    func read(_ filename: String) async -> [UInt8]? {
        guard StoredName.isValid(filename) else { return nil }
        do {
            return try await client.getObjectBytes(key: key(filename))
        } catch {
            logger.warning("media read failed", metadata: ["file": "\(filename)", "error": "\(error)"])
            return nil
        }
    }

    func delete(_ filename: String) async {
        guard StoredName.isValid(filename) else { return }
        var keys = [key(filename), key(StoredName.stem(filename) + ".spectrogram.png")]
        do {
            // Derived objects share the stem; one listing finds any kind added later.
            keys += try await client.listObjects(prefix: key(StoredName.stem(filename))).map(\.key)
        } catch {
            logger.warning("media listing failed; deleting the known names only", metadata: ["error": "\(error)"])
        }
        for key in Set(keys) {
            do {
                try await client.deleteObject(key: key)
            } catch {
                logger.warning("media delete failed; the orphan sweep retries it", metadata: ["key": "\(key)", "error": "\(error)"])
            }
        }
    }

    /// Deletes objects of ours (stored names under the prefix) that no row refers to, and aborts
    /// multipart uploads left by interrupted processes, both only when older than the grace period.
    func removeOrphans(keeping referenced: Set<String>) async -> Int {
        let stems = Set(referenced.map(StoredName.stem))
        let cutoff = Date().addingTimeInterval(-sweepGraceSeconds)
        var removed = 0
        do {
            for object in try await client.listObjects(prefix: keyPrefix) {
                let name = String(object.key.dropFirst(keyPrefix.count))
                guard StoredName.isValid(name), !stems.contains(StoredName.stem(name)),
                    let modified = object.lastModified, modified < cutoff
                else { continue }
                try await client.deleteObject(key: object.key)
                removed += 1
            }
            for upload in try await client.listMultipartUploads(prefix: keyPrefix) {
                guard let initiated = upload.initiated, initiated < cutoff else { continue }
                try await client.abortMultipartUpload(key: upload.key, uploadID: upload.uploadID)
                removed += 1
            }
        } catch {
            logger.warning("media sweep stopped early", metadata: ["error": "\(error)"])
        }
        return removed
    }
}
