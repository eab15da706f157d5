import Database
import Foundation

/// A track event as the text of a Postgres `NOTIFY` payload, and back.
///
/// The JSON is compact, with one-letter keys:
/// `{"t":"<track id>","k":"s","s":"<status>","m":"<message>"}` for a status,
/// `{"t":"<track id>","k":"p","a":"<agent>","s":"<state>"}` for progress,
/// `{"t":"<track id>","k":"r"}` for a resync.
///
/// Size bound: Postgres rejects a payload of 8000 bytes or more, and a failed
/// NOTIFY would lose the event. Names (status, agent, state) are cut to
/// `maxNameScalars` Unicode scalars and the message to `maxMessageScalars`,
/// with `…` marking a cut (scalars, not characters: one character can hold any
/// number of combining scalars). JSON needs at most 6 bytes per scalar (`\u001F`
/// for a control character; 4 for the longest UTF-8), and the track id, keys
/// and punctuation take under 80, so a payload stays under
/// 80 + 6 × (`maxMessageScalars` + `maxNameScalars`) = 3 320 bytes, whatever
/// the message. Messages are one sentence in practice, so payloads are ~100 bytes.
struct TrackEventPayload: Sendable {
    /// Unicode scalars of a status message kept.
    static let maxMessageScalars = 500
    /// Unicode scalars of a status, agent or state name kept.
    static let maxNameScalars = 40

    /// The track the event is about.
    let trackID: UUID
    /// The event.
    let event: TrackEvent

    private struct Wire: Codable {
        var t: String
        var k: String
        var s: String?
        var m: String?
        var a: String?
    }

    /// The payload text, within the bound above.
    var text: String {
        var wire = Wire(t: trackID.lowercasedString, k: "r")
        switch event {
        case .status(let status, let message):
            wire.k = "s"
            wire.s = Self.cut(status, to: Self.maxNameScalars)
            wire.m = Self.cut(message, to: Self.maxMessageScalars)
        case .progress(let agent, let state):
            wire.k = "p"
            wire.a = Self.cut(agent, to: Self.maxNameScalars)
            wire.s = Self.cut(state, to: Self.maxNameScalars)
        case .resync:
            break
        }
        // Encoding strings and optionals cannot fail; the fallback keeps this total anyway.
        guard let data = try? JSONEncoder().encode(wire) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// An event to publish.
    init(trackID: UUID, event: TrackEvent) {
        self.trackID = trackID
        self.event = event
    }

    /// Decodes a received payload.
    /// - Parameter text: a `NOTIFY` payload, possibly from another version or another program.
    /// - Returns: nil when it is not a well-formed track event.
    init?(text: String) {
        guard let wire = try? JSONDecoder().decode(Wire.self, from: Data(text.utf8)),
            let trackID = UUID(uuidString: wire.t)
        else { return nil }
        switch (wire.k, wire.s, wire.m, wire.a) {
        case ("s", let status?, let message?, nil): event = .status(status: status, message: message)
        case ("p", let state?, nil, let agent?): event = .progress(agent: agent, state: state)
        case ("r", nil, nil, nil): event = .resync
        default: return nil
        }
        self.trackID = trackID
    }

    private static func cut(_ text: String, to scalars: Int) -> String {
        guard text.unicodeScalars.count > scalars else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.prefix(scalars - 1))) + "…"
    }
}
