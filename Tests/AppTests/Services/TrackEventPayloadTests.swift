import Foundation
import Testing

@testable import App

@Suite struct TrackEventPayloadTests {
    private let track = UUID()

    @Test(arguments: [
        TrackEvent.status(status: "analyzing", message: "Starting analysis..."),
        .status(status: "failed", message: "Line one\nline \"two\" \\ / é 🎵"),
        .progress(agent: "rhythm", state: "running"),
        .resync,
    ])
    func roundTrips(_ event: TrackEvent) throws {
        let text = TrackEventPayload(trackID: track, event: event).text
        let decoded = try #require(TrackEventPayload(text: text))
        #expect(decoded.trackID == track)
        #expect(decoded.event == event)
    }

    @Test func isCompact() {
        let text = TrackEventPayload(trackID: track, event: .progress(agent: "spectral", state: "complete")).text
        #expect(text.utf8.count < 100)
    }

    /// The worst text per byte: control characters (6 bytes each as `\uXXXX`), 4-byte scalars,
    /// and one character of thousands of combining scalars.
    @Test(arguments: [
        String(repeating: "\u{01}", count: 20_000),
        String(repeating: "🎵", count: 20_000),
        "e" + String(repeating: "\u{301}", count: 20_000),
        String(repeating: "\"\\", count: 20_000),
    ])
    func staysWithinItsBoundWhateverTheText(_ text: String) throws {
        let status = TrackEventPayload(trackID: track, event: .status(status: text, message: text)).text
        let progress = TrackEventPayload(trackID: track, event: .progress(agent: text, state: text)).text
        let bound = 80 + 6 * (TrackEventPayload.maxMessageScalars + TrackEventPayload.maxNameScalars)
        #expect(status.utf8.count <= bound)
        #expect(progress.utf8.count <= bound)
        #expect(bound < 8000)
        let decoded = try #require(TrackEventPayload(text: status))
        guard case .status(let shortStatus, let message) = decoded.event else {
            Issue.record("not a status: \(decoded.event)")
            return
        }
        #expect(message.unicodeScalars.count == TrackEventPayload.maxMessageScalars)
        #expect(message.hasSuffix("…"))
        #expect(shortStatus.unicodeScalars.count == TrackEventPayload.maxNameScalars)
    }

    @Test func shortTextIsKeptWhole() throws {
        let message = String(repeating: "a", count: TrackEventPayload.maxMessageScalars)
        let text = TrackEventPayload(trackID: track, event: .status(status: "failed", message: message)).text
        #expect(TrackEventPayload(text: text)?.event == .status(status: "failed", message: message))
    }

    @Test(arguments: [
        "", "not json", "[]", "{}", "null",
        #"{"t":"not-a-uuid","k":"s","s":"ready","m":"ok"}"#,
        #"{"t":"9A1F5A52-8B0B-4E34-9C47-2E61A9A0E001","k":"x"}"#,
        #"{"t":"9A1F5A52-8B0B-4E34-9C47-2E61A9A0E001","k":"s","s":"ready"}"#,
        #"{"t":"9A1F5A52-8B0B-4E34-9C47-2E61A9A0E001","k":"p","s":"running"}"#,
        #"{"t":"9A1F5A52-8B0B-4E34-9C47-2E61A9A0E001","k":"r","m":"x"}"#,
        #"{"t":"9A1F5A52-8B0B-4E34-9C47-2E61A9A0E001","k":"s","s":1,"m":"ok"}"#,
    ])
    func malformedPayloadsDecodeToNil(_ text: String) {
        #expect(TrackEventPayload(text: text) == nil)
    }
}
