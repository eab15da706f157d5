import Foundation
import HTTPServer
import Testing

@testable import App

@Suite struct HealthRoutesTests {
    @Test func healthReportsChecksAndVersion() async throws {
        let harness = try await AppHarness()
        let response = await harness.request(.get, "/health/")
        #expect(response.status == .ok)
        let json = response.json
        #expect(json["status"] as? String == "healthy")
        #expect(json["version"] as? String == AppVersion.current)
        #expect(json["uptime_seconds"] is Int)
        let checks = try #require(json["checks"] as? [String: Any])
        #expect(checks["media"] as? String == "writable")
        #expect(checks["disk"] as? String == "ok")
    }

    @Test func healthIsExemptFromTheHostCheck() async throws {
        let harness = try await AppHarness()
        #expect(await harness.request(.get, "/health/", headers: [("host", "10.0.0.7:8080")]).status == .ok)
        #expect(await harness.request(.get, "/api/health/", headers: [("host", "evil.example")]).status == .badRequest)
    }

    @Test func unwritableMediaMakesHealth503() async throws {
        let harness = try await AppHarness()
        try FileManager.default.removeItem(at: harness.mediaRoot)
        try Data().write(to: harness.mediaRoot)  // a file where the folder should be
        let response = await harness.request(.get, "/health/")
        #expect(response.status == .serviceUnavailable)
        #expect(response.json["status"] as? String == "unhealthy")
        let media = (response.json["checks"] as? [String: Any])?["media"] as? String
        #expect(media?.hasPrefix("unhealthy: ") == true)
        #expect(media?.contains(harness.mediaRoot.path) == false)
    }

    @Test func diskBelowThresholdIsUnhealthy() async throws {
        let harness = try await AppHarness(["MIN_FREE_DISK_MB": "9999999"])
        let response = await harness.request(.get, "/health/")
        #expect(response.status == .serviceUnavailable)
        let disk = (response.json["checks"] as? [String: Any])?["disk"] as? String
        #expect(disk?.hasPrefix("unhealthy: ") == true && disk?.hasSuffix(" MB free") == true)
    }

    @Test func apiHealthListsLimits() async throws {
        let harness = try await AppHarness(["MAX_UPLOAD_MB": "42"])
        let json = await harness.request(.get, "/api/health/").json
        #expect(json["status"] as? String == "ok")
        #expect(json["max_upload_mb"] as? Int == 42)
        #expect(json["agents"] as? [String] == ["spectral", "temporal", "rhythm", "loudness", "tonal"])
        #expect((json["allowed_extensions"] as? [String])?.contains(".flac") == true)
        // Without FFMPEG_PATH the page is not offered formats only ffmpeg decodes.
        #expect((json["allowed_extensions"] as? [String])?.contains(".m4a") == false)
        #expect(json["llm_model"] as? String == "local")
    }
}
