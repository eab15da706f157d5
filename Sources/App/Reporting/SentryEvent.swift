import Foundation

/// One error event and its envelope (Sentry's envelope format, version 7 of the auth header).
///
/// Only what helps someone fix a failure goes in: the message, the logger, the level, the release,
/// the environment, and the request's method and route pattern when the log line names them.
/// Never bodies, tokens, keys, query strings or paths with ids: metadata is kept only for an
/// allowed list of keys, and values are cut short.
struct SentryEvent: Sendable {
    let eventID: String
    let timestamp: Date
    let level: String
    let logger: String
    let message: String
    let tags: [String: String]
    let extra: [String: String]

    /// Metadata keys copied into the event; anything else (paths, addresses, ids a client chose) stays out.
    static let allowedKeys: Set<String> = [
        "error", "method", "route", "agent", "job", "provider", "request_id",
        "status", "track_id", "fragment_id",
    ]
    /// Tags Sentry indexes: the request's method and route pattern.
    static let tagKeys: Set<String> = ["method", "route"]
    /// Longest value kept.
    static let maxValueLength = 512

    init(level: String, logger: String, message: String, metadata: [String: String], timestamp: Date = Date()) {
        var generator = SystemRandomNumberGenerator()
        eventID = (0..<2).map { _ in
            let text = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }.joined()
        self.timestamp = timestamp
        self.level = level
        self.logger = logger
        self.message = String(message.prefix(Self.maxValueLength))
        var tags: [String: String] = [:]
        var extra: [String: String] = [:]
        for (key, value) in metadata where Self.allowedKeys.contains(key) {
            let cut = String(value.prefix(Self.maxValueLength))
            if Self.tagKeys.contains(key) { tags[key] = cut } else { extra[key] = cut }
        }
        self.tags = tags
        self.extra = extra
    }

    /// The envelope: a header line, an item header line and the event JSON.
    /// - Parameters:
    ///   - dsn: sent back in the envelope header.
    ///   - release: the server's version.
    ///   - environment: e.g. `production`.
    func envelope(dsn: SentryDSN, release: String, environment: String) throws -> Data {
        let sentAt = ISO8601DateFormatter().string(from: Date())
        let header = try JSONSerialization.data(withJSONObject: ["event_id": eventID, "dsn": dsn.text, "sent_at": sentAt])
        var event: [String: Any] = [
            "event_id": eventID, "timestamp": timestamp.timeIntervalSince1970, "platform": "other",
            "level": level, "logger": logger, "release": "audio-server@\(release)", "environment": environment,
            "message": ["formatted": message], "tags": tags, "extra": extra,
        ]
        if let method = tags["method"], let route = tags["route"] {
            event["request"] = ["method": method, "url": route]
        }
        let payload = try JSONSerialization.data(withJSONObject: event, options: [.sortedKeys])
        let item = try JSONSerialization.data(withJSONObject: [
            "type": "event", "length": payload.count,
            "content_type": "application/json",
        ])
        var data = header
        data.append(0x0A)
        data.append(item)
        data.append(0x0A)
        data.append(payload)
        data.append(0x0A)
        return data
    }
}
