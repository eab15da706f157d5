import Foundation
import HTTPServer
import TestSupport
import Testing

@testable import App

/// The two upload routes, `POST /api/tracks/` and `POST /api/analyse/`, in-process.
@Suite struct UploadRoutesTests {
    static let api: [(String, String)] = [("host", "localhost"), ("x-api-key", "dev-api-key")]

    /// A multipart body; each part is (headers after Content-Disposition's name, body).
    static func multipart(_ parts: [(disposition: String, body: [UInt8])]) -> (body: [UInt8], contentType: String) {
        let boundary = "b-\(UUID().uuidString)"
        var body: [UInt8] = []
        for part in parts {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; \(part.disposition)\r\n\r\n".utf8) + part.body + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return (body, "multipart/form-data; boundary=\(boundary)")
    }

    static func post(
        _ harness: AppHarness, _ path: String, _ parts: [(disposition: String, body: [UInt8])],
        headers: [(String, String)] = api
    ) async -> Response {
        let (body, type) = multipart(parts)
        return await harness.request(.post, path, headers: headers + [("content-type", type)], body: body)
    }

    static func mediaFiles(_ harness: AppHarness) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: harness.mediaRoot.path)) ?? []
    }

    static func fragmentFields(id: UUID = UUID()) -> [(disposition: String, body: [UInt8])] {
        [(#"name="mime_type""#, Array("audio/wav".utf8)), (#"name="fragment_id""#, Array(id.uuidString.utf8))]
    }

    /// Both routes refuse below MIN_FREE_DISK_MB before reading the body; the fragment route used
    /// to answer 202 and write the file.
    @Test func bothUploadRoutesRefuseWhenTheDiskIsLow() async throws {
        let harness = try await AppHarness(["MIN_FREE_DISK_MB": "10000000"])
        let audio = [UInt8](repeating: 1, count: 1000)
        let track = await Self.post(harness, "/api/tracks/", [(#"name="file"; filename="a.wav""#, audio)])
        let fragment = await Self.post(harness, "/api/analyse/", Self.fragmentFields() + [(#"name="audio"; filename="a.wav""#, audio)])
        for response in [track, fragment] {
            #expect(response.status == .insufficientStorage)
            #expect(response.text == #"{"error":"Insufficient storage"}"#)
        }
        #expect(Self.mediaFiles(harness).isEmpty)
    }

    /// A `file` part without a filename is no file, however long its body.
    @Test func filePartWithoutAFilenameIsNoFile() async throws {
        let harness = try await AppHarness()
        for disposition in [#"name="file""#, #"name="file"; filename="""#] {
            let response = await Self.post(harness, "/api/tracks/", [(disposition, [UInt8](repeating: 0x52, count: 10_000))])
            #expect(response.status == .badRequest)
            #expect(response.text == #"{"error":"No file provided"}"#, "\(disposition)")
        }
        let fragment = await Self.post(harness, "/api/analyse/", Self.fragmentFields() + [(#"name="audio""#, [UInt8](repeating: 0, count: 10_000))])
        #expect(fragment.status == .badRequest)
        #expect(fragment.json["error"] as? String == "validation_error" && fragment.json["message"] as? String == "audio is required")
        #expect(Self.mediaFiles(harness).isEmpty)
    }

    /// A fragment id someone else owns is answered exactly like an unknown one, on POST and GET.
    @Test(arguments: DatabaseDriver.available)
    func fragmentConflictsHaveTheNotFoundBody(_ driver: DatabaseDriver) async throws {
        try await AppHarness.with(driver) { harness in
            let id = UUID()
            let audio = [UInt8](repeating: 1, count: 100)
            let first = await Self.post(harness, "/api/analyse/", Self.fragmentFields(id: id) + [(#"name="audio"; filename="a.wav""#, audio)])
            #expect(first.status == .accepted)
            let (token, _, _) = try await harness.demo()
            let bearer = [("host", "localhost"), ("authorization", "Bearer \(token)")]
            let conflict = await Self.post(
                harness, "/api/analyse/", Self.fragmentFields(id: id) + [(#"name="audio"; filename="a.wav""#, audio)], headers: bearer)
            let lookup = await harness.request(.get, "/api/analyse/\(id.uuidString.lowercased())/", headers: bearer)
            let unknown = await harness.request(.get, "/api/analyse/\(UUID().uuidString.lowercased())/", headers: bearer)
            for response in [conflict, lookup, unknown] {
                #expect(response.status == .notFound)
                #expect(response.text == #"{"detail":"Not found."}"#)
            }
            #expect(Self.mediaFiles(harness).count == 1)
        }
    }

    /// The hostile 1 Hz header is a 422 at upload, with the decoder's message, and leaves nothing behind.
    @Test func absurdSampleRatesAre422AtUpload() async throws {
        let harness = try await AppHarness()
        var wav: [UInt8] = Array("RIFF".utf8) + Self.le32(36 + 1_799) + Array("WAVEfmt ".utf8) + Self.le32(16)
        wav += [1, 0, 1, 0] + Self.le32(1) + Self.le32(1) + [1, 0, 8, 0] + Array("data".utf8) + Self.le32(1_799)
        wav += (0..<1_799).map { UInt8(truncatingIfNeeded: $0) }
        let response = await Self.post(harness, "/api/tracks/", [(#"name="file"; filename="tiny.wav""#, wav)])
        #expect(response.status == .unprocessableContent)
        #expect(response.json["error"] as? String == "unsupported_format")
        #expect(response.json["message"] as? String == "Unsupported sample rate: 1 Hz (accepted: 4000 to 768000 Hz)")
        #expect(Self.mediaFiles(harness).isEmpty)
    }

    private static func le32(_ value: Int) -> [UInt8] {
        withUnsafeBytes(of: UInt32(value).littleEndian) { Array($0) }
    }
}
