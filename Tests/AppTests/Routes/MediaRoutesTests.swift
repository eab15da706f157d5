import Foundation
import Synchronization
import TestSupport
import Testing

@testable import App
@testable import HTTPServer

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Upload → analysis → `/media/…` and the spectrogram → delete, in-process, with media on a local
/// folder and in a bucket (when a loopback S3 server is available).
@Suite struct MediaRoutesTests {
    enum Storage: String, CaseIterable, Sendable, CustomStringConvertible {
        case local, bucket
        var description: String { rawValue }
        static var available: [Storage] { ThrowawayS3.isAvailable ? [.local, .bucket] : [.local] }
    }

    /// The App for `storage`, and the bucket behind it.
    static func harness(_ storage: Storage) async throws -> (AppHarness, S3TestBucket?) {
        guard storage == .bucket else { return (try await AppHarness(), nil) }
        let bucket = try await S3TestBucket()
        return (try await AppHarness(bucket.environment), bucket)
    }

    static func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: Repository.fixtures.appendingPathComponent("audio/\(name)")))
    }

    /// The bytes a `/media/…` or spectrogram response leads to: its body, or for a redirect what the
    /// bucket serves at the Location (with `range` sent there, as a browser would).
    static func follow(_ response: Response, range: String? = nil) async throws -> (status: Int, bytes: [UInt8]) {
        if response.status.code == 302, let location = response.headers["Location"].flatMap(URL.init(string:)) {
            var request = URLRequest(url: location)
            if let range { request.setValue(range, forHTTPHeaderField: "Range") }
            let (bytes, reply) = try await S3MediaStoreTests.get(request)
            return (reply?.statusCode ?? 0, bytes)
        }
        return (response.status.code, try await response.collectedBody())
    }

    /// Polls the track until analysis ends (in-process: the worker pool runs beside the test).
    static func waitForAnalysis(_ harness: AppHarness, _ id: String) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            let detail = await harness.request(.get, "/api/tracks/\(id)/", headers: UploadRoutesTests.api).json
            if let status = detail["status"] as? String, status == "ready" || status == "failed" { return detail }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ThrowawayError("analysis did not finish in 120 s")
    }

    @Test(arguments: Storage.available)
    func uploadAnalyseServeAndDelete(_ storage: Storage) async throws {
        let (harness, bucket) = try await Self.harness(storage)
        let audio = try Self.fixture("click_120bpm.wav")
        let created = await UploadRoutesTests.post(harness, "/api/tracks/", [(#"name="file"; filename="clicks.wav""#, audio)])
        #expect(created.status == .created)
        let id = try #require(created.json["track_id"] as? String)
        let detail = try await Self.waitForAnalysis(harness, id)
        #expect(detail["status"] as? String == "ready")

        let mediaURL = try #require(detail["url"] as? String)
        let media = await harness.request(.get, mediaURL)
        #expect(media.status.code == (storage == .bucket ? 302 : 200))
        if storage == .local {
            // Cached until the URL expires, and the next look at the track hands out the same URL.
            let expires = try #require(Int(mediaURL.split(separator: "expires=").last?.prefix { $0.isNumber } ?? ""))
            let maxAge = try #require(media.headers["cache-control"]?.split(separator: "=").last.flatMap { Int($0) })
            #expect(abs(Int(Date().timeIntervalSince1970) + maxAge - expires) <= 2)
            let again = try await Self.waitForAnalysis(harness, id)
            #expect(again["url"] as? String == mediaURL)
        }
        #expect(try await Self.follow(media).bytes == audio)
        let ranged = await harness.request(.get, mediaURL, headers: [("host", "localhost"), ("range", "bytes=10-19")])
        let part = try await Self.follow(ranged, range: "bytes=10-19")
        #expect(part.status == 206 && part.bytes == Array(audio[10...19]))
        let image = try await Self.follow(await harness.request(.get, try #require(detail["spectrogram_url"] as? String)))
        #expect(image.status == 200 && image.bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))

        #expect(await harness.request(.delete, "/api/tracks/\(id)/", headers: UploadRoutesTests.api).status == .noContent)
        if let bucket {
            #expect(try await bucket.keys().isEmpty)
            #expect(try await bucket.client.listMultipartUploads(prefix: "").isEmpty)
            await bucket.finish()
        } else {
            #expect(UploadRoutesTests.mediaFiles(harness).isEmpty)
        }
    }

    @Test(arguments: Storage.available)
    func undecodableUploadIs422AndLeavesNothing(_ storage: Storage) async throws {
        let (harness, bucket) = try await Self.harness(storage)
        let response = await UploadRoutesTests.post(
            harness, "/api/tracks/", [(#"name="file"; filename="a.mp3""#, try Self.fixture("bad_text_renamed.mp3"))])
        #expect(response.status == .unprocessableContent)
        #expect(response.json["error"] as? String == "unsupported_format")
        if let bucket {
            #expect(try await bucket.keys().isEmpty)
            await bucket.finish()
        } else {
            #expect(UploadRoutesTests.mediaFiles(harness).isEmpty)
        }
    }

    /// With a bucket, /health/ reports on it and not on a MEDIA_ROOT nothing uses; the page may load
    /// media and images from the bucket's origin.
    @Test(.enabled(if: ThrowawayS3.isAvailable)) func healthAndPolicyNameTheBucket() async throws {
        let (harness, bucket) = try await Self.harness(.bucket)
        let health = await harness.request(.get, "/health/")
        let checks = try #require(health.json["checks"] as? [String: Any])
        #expect(checks["bucket"] as? String == "reachable")
        #expect(checks["media"] == nil && checks["disk"] != nil)
        let origin = try #require(bucket?.server.endpoint.absoluteString)
        let policy = health.headers["Content-Security-Policy"] ?? ""
        #expect(policy.contains("media-src 'self' blob: \(origin)") && policy.contains("img-src 'self' data: blob: \(origin)"))
        await bucket?.finish()
    }
}

/// The bytes a streamed body produces (the collector is a class: a Mutex cannot be captured).
private final class Collected: Sendable {
    let bytes = Mutex<[UInt8]>([])
}

extension Response {
    /// The whole body, running a streamed body's producer.
    func collectedBody() async throws -> [UInt8] {
        switch body {
        case .bytes(let bytes): return bytes
        case .stream(_, let producer):
            let collected = Collected()
            try await producer(ResponseBodyWriter(sink: { bytes in collected.bytes.withLock { $0 += bytes } }))
            return collected.bytes.withLock { $0 }
        }
    }
}
