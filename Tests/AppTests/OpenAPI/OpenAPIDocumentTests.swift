import Foundation
import HTTPServer
import Testing

@testable import App

@Suite struct OpenAPIDocumentTests {
    /// The served document as JSON.
    private func document(_ harness: AppHarness) async throws -> [String: Any] {
        let response = await harness.request(.get, "/api/openapi.json")
        #expect(response.status == .ok)
        #expect(response.headers["content-type"] == "application/json")
        return response.json
    }

    @Test func everyRegisteredRouteIsInTheDocument() async throws {
        let harness = try await AppHarness()
        let paths = try #require(try await document(harness)["paths"] as? [String: [String: Any]])
        #expect(!harness.app.routes.isEmpty)
        for route in harness.app.routes {
            let path = OpenAPIDocument.openAPIPath(route.pattern.description)
            let operation = paths[path]?[route.method.rawValue.lowercased()] as? [String: Any]
            #expect(operation != nil, "\(route.method) \(route.pattern) is missing from /api/openapi.json")
            let declared = (operation?["parameters"] as? [[String: Any]] ?? [])
                .filter { $0["in"] as? String == "path" }.compactMap { $0["name"] as? String }
            #expect(Set(declared) == Set(OpenAPIDocument.parameterNames(route.pattern.description)), "\(path)")
        }
    }

    @Test func theRegistryDescribesOnlyRoutesThatExist() async throws {
        let harness = try await AppHarness()
        let registered = Set(harness.app.routes.map { APIDocumentation.key($0.method, $0.pattern.description) })
        #expect(Set(APIDocumentation.operations.keys).subtracting(registered).isEmpty)
    }

    @Test func aRouteWithoutDescriptionIsReported() {
        let document = OpenAPIDocument(
            entries: [.init(method: .get, pattern: "/health/"), .init(method: .put, pattern: "/nowhere/:id/")], version: "1")
        #expect(document.undocumented.map(\.pattern) == ["/nowhere/:id/"])
    }

    @Test func patternsBecomeTemplatedPaths() {
        #expect(OpenAPIDocument.openAPIPath("/api/tracks/:id/waveform/") == "/api/tracks/{id}/waveform/")
        #expect(OpenAPIDocument.openAPIPath("/mcp") == "/mcp")
        #expect(OpenAPIDocument.parameterNames("/api/tracks/:id/spectrogram.png") == ["id"])
    }

    @Test func securityFollowsTheRoute() async throws {
        let harness = try await AppHarness()
        let document = try await document(harness)
        let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
        #expect((paths["/health/"]?["get"]?["security"] as? [Any])?.isEmpty == true)
        let tracks = try #require(paths["/api/tracks/{id}/"]?["get"]?["security"] as? [[String: Any]])
        #expect(Set(tracks.flatMap(\.keys)) == ["apiKey", "bearerAuth"])
        let schemes = (document["components"] as? [String: Any])?["securitySchemes"] as? [String: [String: Any]]
        #expect(schemes?["apiKey"]?["name"] as? String == "X-API-Key")
        #expect(schemes?["bearerAuth"]?["bearerFormat"] as? String == "JWT")
        #expect(document["openapi"] as? String == "3.1.0")
    }

    @Test func errorShapesOfTheContractAreDescribed() async throws {
        let harness = try await AppHarness()
        let document = try await document(harness)
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
        #expect(schemas["FileTooLarge"]?["required"] as? [String] == ["error", "limit_mb"])
        #expect(schemas["DemoLimitExceeded"]?["required"] as? [String] == ["error", "request_count", "request_limit"])
        #expect(schemas["Unauthorized"]?["required"] as? [String] == ["error", "detail"])
        #expect(schemas["Detail"]?["required"] as? [String] == ["detail"])
    }

    @Test func revalidatesWithItsETag() async throws {
        let harness = try await AppHarness()
        let first = await harness.request(.get, "/api/openapi.json")
        let etag = try #require(first.headers["etag"])
        #expect(first.headers["cache-control"]?.contains("public") == true)
        for header in [etag, "W/\(etag)", "\"other\", \(etag)", "*"] {
            let again = await harness.request(.get, "/api/openapi.json", headers: [("host", "localhost"), ("if-none-match", header)])
            #expect(again.status == .notModified, "\(header)")
            #expect(again.headers["etag"] == etag)
            #expect(again.text.isEmpty)
        }
        let changed = await harness.request(.get, "/api/openapi.json", headers: [("host", "localhost"), ("if-none-match", "\"old\"")])
        #expect(changed.status == .ok)
    }

    @Test func isPublic() async throws {
        let harness = try await AppHarness()
        #expect(await harness.request(.get, "/api/openapi.json").status == .ok)
    }
}
