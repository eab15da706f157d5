import Logging
import Synchronization

/// A log handler that keeps every entry, so tests can check what was logged and at which level.
struct RecordingLogHandler: LogHandler {
    /// The entries one logger wrote.
    final class Records: Sendable {
        private let entries = Mutex<[(level: Logger.Level, message: String)]>([])

        func append(_ level: Logger.Level, _ message: String) { entries.withLock { $0.append((level, message)) } }

        /// Messages logged at `level` or above.
        func messages(atLeast level: Logger.Level) -> [String] {
            entries.withLock { $0.filter { $0.level >= level }.map(\.message) }
        }
    }

    let records: Records
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        records.append(event.level, event.message.description)
    }

    /// A logger writing into `records`.
    static func logger(into records: Records) -> Logger {
        Logger(label: "test") { _ in RecordingLogHandler(records: records) }
    }
}
