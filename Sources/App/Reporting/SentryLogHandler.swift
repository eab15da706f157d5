public import Logging

/// Passes every log event to the handler it wraps and, for `error` and `critical` ones, also sends a
/// Sentry event: the server logs at error level only what it did not expect (a 500, a failed job,
/// a provider failing after its retry), never what a client's bad input causes.
public struct SentryLogHandler: LogHandler {
    private var inner: any LogHandler
    private let label: String
    private let reporter: SentryReporter

    /// - Parameters:
    ///   - inner: the handler that writes the log line.
    ///   - label: the logger's label.
    ///   - reporter: where error events go.
    public init(wrapping inner: any LogHandler, label: String, reporter: SentryReporter) {
        self.inner = inner
        self.label = label
        self.reporter = reporter
    }

    public var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    public var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    public func log(event: LogEvent) {
        inner.log(event: event)
        guard event.level >= .error else { return }
        var fields: [String: String] = [:]
        for (key, value) in inner.metadata { fields[key] = "\(value)" }
        for (key, value) in event.metadata ?? [:] { fields[key] = "\(value)" }
        reporter.report(
            SentryEvent(
                level: event.level == .critical ? "fatal" : "error", logger: label,
                message: event.message.description, metadata: fields))
    }
}
