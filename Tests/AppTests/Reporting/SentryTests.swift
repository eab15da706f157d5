import Foundation
import Testing

@testable import App

@Suite struct SentryTests {
    @Test func dsnNamesTheEnvelopeEndpoint() throws {
        let dsn = try SentryDSN(parsing: "https://abc123@o1.ingest.example.com/4507")
        #expect(dsn.publicKey == "abc123")
        #expect(dsn.envelopeURL.absoluteString == "https://o1.ingest.example.com/api/4507/envelope/")
        let local = try SentryDSN(parsing: "http://key@127.0.0.1:9000/sentry/42")
        #expect(local.envelopeURL.absoluteString == "http://127.0.0.1:9000/sentry/api/42/envelope/")
    }

    @Test(arguments: ["", "not a url", "ftp://k@host/1", "https://host/1", "https://k@host/", "https://k@host/project"])
    func badDSNsNameTheVariableAndNotTheKey(_ text: String) {
        do {
            _ = try SentryDSN(parsing: text)
            Issue.record("\(text) was accepted")
        } catch let error as ConfigError {
            #expect(error.variable == "SENTRY_DSN")
            #expect(!"\(error)".contains("k@"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func eventKeepsOnlyAllowedMetadataAndCutsLongValues() throws {
        let event = SentryEvent(
            level: "error", logger: "audio-server", message: "unhandled error",
            metadata: [
                "method": "POST", "route": "/api/tracks/", "error": String(repeating: "x", count: 2000),
                "path": "/media/secret?sig=abc", "api_key": "dev-api-key", "remote": "10.0.0.1",
            ])
        #expect(event.tags == ["method": "POST", "route": "/api/tracks/"])
        #expect(Set(event.extra.keys) == ["error"] && event.extra["error"]?.count == SentryEvent.maxValueLength)
        let dsn = try SentryDSN(parsing: "https://k@example.com/1")
        let envelope = String(decoding: try event.envelope(dsn: dsn, release: "1.2.3", environment: "production"), as: UTF8.self)
        let lines = envelope.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(!envelope.contains("dev-api-key") && !envelope.contains("sig=abc") && !envelope.contains("10.0.0.1"))
        let item = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(item["type"] as? String == "event" && item["length"] as? Int == lines[2].utf8.count)
        #expect(envelope.contains(#""release":"audio-server@1.2.3""#))
    }
}
