import Foundation
import HTTPServer
import TestSupport
import Testing

@testable import App

/// `/api/tracks/…` in-process: upload, read, list, waveform, delete, and what a caller may not
/// see. No analysis worker runs (ANALYSIS_WORKERS=0), so every track stays pending.
@Suite struct TrackRoutesTests {
    private static let api = UploadRoutesTests.api

    private static func upload(_ harness: AppHarness, _ name: String = "sine_440hz.wav") async throws -> Response {
        let audio = [UInt8](try Data(contentsOf: Repository.fixtures.appendingPathComponent("audio/\(name)")))
        return await UploadRoutesTests.post(harness, "/api/tracks/", [(#"name="file"; filename="\#(name)""#, audio)])
    }

    private static func array(_ response: Response) -> [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(response.text.utf8))) as? [[String: Any]] ?? []
    }

    @Test func uploadThenReadListAndDelete() async throws {
        let harness = try await AppHarness(["ANALYSIS_WORKERS": "0"])
        let created = try await Self.upload(harness)
        #expect(created.status == .created)
        let id = try #require(created.json["track_id"] as? String)
        #expect(created.json["status"] as? String == "pending")
        #expect(created.json["filename"] as? String == "sine_440hz.wav")
        #expect((created.json["url"] as? String)?.hasPrefix("/media/\(id)") == true)

        let detail = await harness.request(.get, "/api/tracks/\(id)/", headers: Self.api)
        #expect(detail.status == .ok)
        #expect(detail.json["track_id"] as? String == id)
        #expect(detail.json["sample_rate"] as? Int == 22_050)
        #expect(detail.json["format"] as? String == "wav")
        #expect(detail.json["analysis"] as? [String: Any] != nil)

        _ = try await Self.upload(harness, "sine_1000hz.wav")
        let listed = await harness.request(.get, "/api/tracks/", headers: Self.api)
        #expect(Self.array(listed).count == 2)
        let page = await harness.request(.get, "/api/tracks/?limit=1&offset=1", headers: Self.api)
        #expect(Self.array(page).count == 1)

        #expect(await harness.request(.delete, "/api/tracks/\(id)/", headers: Self.api).status == .noContent)
        #expect(!UploadRoutesTests.mediaFiles(harness).contains { $0.hasPrefix(id) })
        let gone = await harness.request(.get, "/api/tracks/\(id)/", headers: Self.api)
        #expect(gone.status == .notFound)
        #expect(gone.text == #"{"error":"Track not found"}"#)
        #expect(Self.array(await harness.request(.get, "/api/tracks/", headers: Self.api)).count == 1)
    }

    @Test func refusalsCarryTheContractsBodies() async throws {
        let harness = try await AppHarness(["ANALYSIS_WORKERS": "0"])
        let id = try #require(try await Self.upload(harness).json["track_id"] as? String)
        let cases: [(String, HTTPStatus, String)] = [
            ("/api/tracks/?limit=ten", .badRequest, #"{"error":"limit must be an integer"}"#),
            ("/api/tracks/not-a-uuid/", .notFound, #"{"error":"Track not found"}"#),
            ("/api/tracks/\(UUID().uuidString.lowercased())/", .notFound, #"{"error":"Track not found"}"#),
            ("/api/tracks/\(id)/waveform/", .notFound, #"{"error":"Waveform not available yet"}"#),
            ("/api/tracks/\(id)/waveform/?points=5", .badRequest, #"{"error":"points must be between 100 and 10000"}"#),
            ("/api/tracks/\(id)/spectrogram.png", .notFound, #"{"error":"Spectrogram not available"}"#),
        ]
        for (target, status, body) in cases {
            let response = await harness.request(.get, target, headers: Self.api)
            #expect(response.status == status, "\(target)")
            #expect(response.text == body, "\(target)")
        }
        let unsigned = await harness.request(.get, "/media/\(id).wav")
        #expect(unsigned.status == .forbidden)
        #expect(unsigned.text == #"{"error":"Invalid or expired signature"}"#)
    }

    /// Someone else's track is answered exactly like one that does not exist, and is left alone.
    @Test func anotherUsersTrackIsNotFound() async throws {
        let harness = try await AppHarness(["ANALYSIS_WORKERS": "0"])
        let id = try #require(try await Self.upload(harness).json["track_id"] as? String)
        let (token, _, _) = try await harness.demo()
        let bearer = [("host", "localhost"), ("authorization", "Bearer \(token)")]
        for method in [HTTPMethod.get, .delete] {
            let response = await harness.request(method, "/api/tracks/\(id)/", headers: bearer)
            #expect(response.status == .notFound, "\(method)")
            #expect(response.text == #"{"error":"Track not found"}"#)
        }
        #expect(Self.array(await harness.request(.get, "/api/tracks/", headers: bearer)).isEmpty)
        #expect(await harness.request(.get, "/api/tracks/\(id)/", headers: Self.api).status == .ok)
    }

    @Test func unauthenticatedRequestsAskForCredentials() async throws {
        let harness = try await AppHarness(["ANALYSIS_WORKERS": "0"])
        let response = await harness.request(.get, "/api/tracks/")
        #expect(response.status == .unauthorized)
        #expect(response.headers["WWW-Authenticate"] == "Bearer")
        #expect(response.json["error"] as? String == "unauthorized")
        #expect(response.json["detail"] as? String == "Authentication credentials were not provided")
    }
}
