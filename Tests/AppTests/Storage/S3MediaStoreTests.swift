import Foundation
import TestSupport
import Testing

@testable import App

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The bucket store against a real S3 protocol server on loopback (moto's server mode, started by
/// scripts/with-s3.sh or per suite from MOTO_SERVER); skipped when neither is there.
@Suite(.enabled(if: ThrowawayS3.isAvailable, "needs TEST_S3_ENDPOINT or MOTO_SERVER (scripts/with-s3.sh)"))
struct S3MediaStoreTests {
    static func upload(_ store: S3MediaStore, _ bytes: [UInt8], chunk: Int = 64 * 1024, ext: String = ".wav") async throws -> StoredMedia {
        let upload = try await store.beginUpload(fileExtension: ext)
        var offset = 0
        while offset < bytes.count {
            try await upload.write(Array(bytes[offset..<min(offset + chunk, bytes.count)]))
            offset += chunk
        }
        return try await upload.commit()
    }

    @Test func multipartUploadRoundTripsBytesAndDigest() async throws {
        let bucket = try await S3TestBucket()
        let store = bucket.store()
        let bytes = S3TestBucket.bytes(12 << 20)  // three parts of 5 MiB, the last one short
        let stored = try await Self.upload(store, bytes)
        #expect(stored.size == bytes.count)
        #expect(stored.sha256 == Crypto.sha256Hex(bytes))
        #expect(try await bucket.keys() == ["media/\(stored.filename)"])
        #expect(try await bucket.client.listMultipartUploads(prefix: "").isEmpty)
        let copy = try await store.withLocalFile(stored.filename) { url in try Data(contentsOf: url) }
        #expect(Crypto.sha256Hex([UInt8](copy)) == stored.sha256)
        await bucket.finish()
    }

    @Test func smallUploadIsOnePut() async throws {
        let bucket = try await S3TestBucket(location: "nested/prefix")
        let store = bucket.store()
        let stored = try await Self.upload(store, Array("hello world".utf8), chunk: 4, ext: ".MP3")
        #expect(stored.filename.hasSuffix(".mp3"))
        #expect(stored.sha256 == "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")
        #expect(try await bucket.keys() == ["nested/prefix/\(stored.filename)"])
        #expect(await store.read(stored.filename) == Array("hello world".utf8))
        let empty = try await Self.upload(store, [])
        #expect(empty.size == 0 && empty.sha256 == S3Client.emptyPayloadHash)
        await bucket.finish()
    }

    @Test func abortedUploadLeavesNoObjectAndNoMultipartUpload() async throws {
        let bucket = try await S3TestBucket()
        let store = bucket.store()
        let upload = try await store.beginUpload(fileExtension: ".flac")
        try await upload.write(S3TestBucket.bytes(6 << 20))  // one part sent: a multipart upload exists
        #expect(try await bucket.client.listMultipartUploads(prefix: "media/").count == 1)
        try await upload.write([1, 2, 3])
        await upload.abort()
        await upload.abort()
        #expect(try await bucket.keys().isEmpty)
        #expect(try await bucket.client.listMultipartUploads(prefix: "").isEmpty)
        await #expect(throws: MediaStoreError.alreadyFinished) { try await upload.write([4]) }
        await #expect(throws: MediaStoreError.alreadyFinished) { _ = try await upload.commit() }
        await bucket.finish()
    }

    @Test func partsWaitInOneTemporaryFileThatCommitAndAbortRemove() async throws {
        let bucket = try await S3TestBucket()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("s3-spool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = bucket.store(temporaryDirectory: folder)
        func spooled() throws -> [Int] {
            try FileManager.default.contentsOfDirectory(atPath: folder.path).map { name in
                try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)[.size] as? Int ?? -1
            }
        }
        let bytes = S3TestBucket.bytes(6 << 20 + 4096)
        let committed = try await store.beginUpload(fileExtension: ".wav")
        try await committed.write(Array(bytes[..<(6 << 20)]))  // a full part: sent, and the file emptied
        #expect(try spooled() == [0])
        try await committed.write(Array(bytes[(6 << 20)...]))
        #expect(try spooled() == [4096])  // only the part being filled is on disk
        let stored = try await committed.commit()
        #expect(stored.sha256 == Crypto.sha256Hex(bytes))
        #expect(try spooled().isEmpty)

        let aborted = try await store.beginUpload(fileExtension: ".wav")
        try await aborted.write([1, 2, 3])
        #expect(try spooled() == [3])
        await aborted.abort()
        #expect(try spooled().isEmpty)
        await bucket.finish()
    }

    @Test func deleteRemovesTheObjectAndItsDerivedObjects() async throws {
        let bucket = try await S3TestBucket()
        let store = bucket.store()
        let kept = try await Self.upload(store, [1])
        let stored = try await Self.upload(store, [1, 2, 3])
        let stem = String(stored.filename.prefix(36))
        try await store.writeDerived(named: stem + ".spectrogram.png", contents: [0x89, 0x50])
        #expect(await store.read(stem + ".spectrogram.png") == [0x89, 0x50])
        await store.delete(stored.filename)
        await store.delete(stored.filename)  // already gone: fine
        #expect(try await bucket.keys() == ["media/\(kept.filename)"])
        #expect(await store.read(stored.filename) == nil)
        await bucket.finish()
    }

    @Test func removeOrphansDeletesUnreferencedObjectsAndStaleUploads() async throws {
        let bucket = try await S3TestBucket()
        let store = bucket.store(sweepGraceSeconds: -60)  // everything counts as old
        let kept = try await Self.upload(store, [1])
        try await store.writeDerived(named: String(kept.filename.prefix(36)) + ".spectrogram.png", contents: [2])
        let orphan = try await Self.upload(store, [3])
        let stale = try await store.beginUpload(fileExtension: ".wav")
        try await stale.write(S3TestBucket.bytes(5 << 20))
        try await bucket.client.putObject(key: "media/README.txt", payload: .bytes(Data("not ours".utf8)))
        try await bucket.client.putObject(key: "elsewhere/\(orphan.filename)", payload: .bytes(Data([9])))
        #expect(await store.removeOrphans(keeping: [kept.filename]) == 2)
        #expect(
            try await bucket.keys()
                == [
                    "elsewhere/\(orphan.filename)", "media/README.txt", "media/\(kept.filename)",
                    "media/\(kept.filename.prefix(36)).spectrogram.png",
                ].sorted())
        #expect(try await bucket.client.listMultipartUploads(prefix: "").isEmpty)
        // Within the grace period nothing is touched: another replica may be about to write its row.
        let young = bucket.store()
        _ = try await Self.upload(young, [4])
        #expect(await young.removeOrphans(keeping: []) == 0)
        await bucket.finish()
    }

    @Test func presignedURLServesExactBytesAndRanges() async throws {
        let bucket = try await S3TestBucket()
        let store = bucket.store()
        let bytes = S3TestBucket.bytes(300_000)
        let stored = try await Self.upload(store, bytes)
        guard case .redirect(let url)? = await store.delivery(of: stored.filename, until: Date().addingTimeInterval(600)) else {
            Issue.record("no redirect")
            return
        }
        #expect(url.absoluteString.contains("X-Amz-Signature="))
        let (whole, response) = try await Self.get(url)
        #expect(response?.statusCode == 200 && whole == bytes)
        var ranged = URLRequest(url: url)
        ranged.setValue("bytes=100-199", forHTTPHeaderField: "Range")
        let (part, partial) = try await Self.get(ranged)
        #expect(partial?.statusCode == 206)
        #expect(part == Array(bytes[100...199]))
        #expect(await store.delivery(of: stored.filename, until: Date().addingTimeInterval(-5)) == nil)
        #expect(await store.delivery(of: "../x", until: Date().addingTimeInterval(600)) == nil)
        await bucket.finish()
    }

    @Test func withLocalFileAlwaysRemovesItsTemporaryFile() async throws {
        let bucket = try await S3TestBucket()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("s3-tmp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = bucket.store(temporaryDirectory: folder)
        let stored = try await Self.upload(store, [5, 6, 7], ext: ".ogg")
        let seen = try await store.withLocalFile(stored.filename) { url in
            #expect(url.lastPathComponent.hasSuffix(stored.filename))
            return try [UInt8](Data(contentsOf: url))
        }
        #expect(seen == [5, 6, 7])
        struct Boom: Error {}
        await #expect(throws: Boom.self) { try await store.withLocalFile(stored.filename) { _ in throw Boom() } }
        await #expect(throws: MediaStoreError.missing) {
            try await store.withLocalFile("0b0f5d5e-6f0a-4c1e-9d55-3f4f7f1f2a3b.wav") { _ in 0 }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        try? FileManager.default.removeItem(at: folder)
        await bucket.finish()
    }

    @Test func aMissingBucketIsAClearError() async throws {
        let bucket = try await S3TestBucket()
        var configuration = bucket.configuration
        configuration.bucket = "no-such-bucket-\(UUID().uuidString.lowercased().prefix(8))"
        let client = S3Client(configuration: configuration, io: bucket.io)
        let error = await #expect(throws: S3Error.self) { try await client.putObject(key: "k", payload: .bytes(Data([1]))) }
        #expect(error?.code == "NoSuchBucket")
        #expect(error?.description.hasPrefix("object storage PutObject failed (HTTP 404): NoSuchBucket") == true)
        #expect(error?.description.contains(ThrowawayS3.secretAccessKey) == false)
        await #expect(throws: S3Error.self) { try await client.headBucket() }
        #expect(await BucketHealthCheck(client: client).run() == .unhealthy("NotFound (HTTP 404)"))
        #expect(await BucketHealthCheck(client: bucket.client).run() == .ok("reachable"))
        await bucket.finish()
    }

    static func get(_ url: URL) async throws -> ([UInt8], HTTPURLResponse?) { try await get(URLRequest(url: url)) }

    static func get(_ request: URLRequest) async throws -> ([UInt8], HTTPURLResponse?) {
        try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(throwing: error)
                } else {
                    continuation.resume(returning: ([UInt8](data ?? Data()), response as? HTTPURLResponse))
                }
            }.resume()
        }
    }
}
