import Foundation
public import Logging
import Synchronization
public import Dispatch

/// Writes one line per log event to standard output: JSON (`LOG_FORMAT=json`)
/// or plain text. Lines are written whole under a lock so threads never interleave.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String
    private let json: Bool
    private let output: LogOutput

    /// A handler for `label` at `level`, writing to `output`.
    public init(label: String, level: Logger.Level, json: Bool, output: LogOutput) {
        self.label = label
        self.logLevel = level
        self.json = json
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = self.metadata
        if let extra = event.metadata { fields.merge(extra) { $1 } }
        let line = json ? jsonLine(event, fields) : textLine(event, fields)
        // Warnings and errors go out at once; routine lines (the access log) are batched.
        output.write(line, flush: event.level >= .warning)
    }

    private func jsonLine(_ event: LogEvent, _ fields: Logger.Metadata) -> String {
        var line = "{\"time\":\"\(Self.timestamp())\",\"level\":\"\(event.level.rawValue)\",\"logger\":"
        line += label.jsonQuoted + ",\"message\":" + event.message.description.jsonQuoted
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            line += "," + key.jsonQuoted + ":" + Self.render(value)
        }
        return line + "}\n"
    }

    private func textLine(_ event: LogEvent, _ fields: Logger.Metadata) -> String {
        let extra = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return "\(Self.timestamp()) \(event.level.rawValue.uppercased()) \(label): \(event.message)\(extra.isEmpty ? "" : " " + extra)\n"
    }

    private static func render(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text):
            // Numbers logged as strings stay numbers in JSON.
            if !text.isEmpty, Double(text) != nil, text.first != "+", !text.contains("e"), !text.contains("n") { return text }
            return text.jsonQuoted
        case .stringConvertible(let value): return value.description.jsonQuoted
        case .array(let values): return "[" + values.map(render).joined(separator: ",") + "]"
        case .dictionary(let dict):
            return "{" + dict.sorted { $0.key < $1.key }.map { $0.key.jsonQuoted + ":" + render($0.value) }.joined(separator: ",") + "}"
        }
    }

    private static func timestamp() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var t = spec.tv_sec
        var parts = tm()
        gmtime_r(&t, &parts)
        func pad(_ n: Int32, _ width: Int = 2) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(parts.tm_year + 1900)-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))T\(pad(parts.tm_hour)):"
            + "\(pad(parts.tm_min)):\(pad(parts.tm_sec)).\(pad(Int32(spec.tv_nsec / 1_000_000), 3))Z"
    }
}

/// Standard output with a small buffer: whole lines are appended under a
/// lock and written when the buffer fills, every 100 ms, or at once for
/// urgent lines — so a busy access log costs one write() per batch, not per request.
// @unchecked Sendable: `buffer` is behind a Mutex; `timer` is set once in init and DispatchSource is thread-safe; checked by the tests writing from many tasks.
public final class LogOutput: @unchecked Sendable {
    private let buffer = Mutex<[UInt8]>([])
    private let fd: Int32
    private let timer: any DispatchSourceTimer
    private static let limit = 32 * 1024

    /// Output to `fd` (standard output by default), flushed every `interval`.
    public init(fd: Int32 = 1, interval: DispatchTimeInterval = .milliseconds(100)) {
        self.fd = fd
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "log-flush", qos: .utility))
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(20))
        timer.setEventHandler { [weak self] in self?.flush() }
        timer.resume()
    }

    deinit { timer.cancel() }

    /// Appends a line; writes now when `flush` or the buffer is full.
    public func write(_ line: String, flush: Bool = false) {
        buffer.withLock { pending in
            pending += line.utf8
            if flush || pending.count >= Self.limit { drain(&pending) }
        }
    }

    /// Writes whatever is buffered.
    public func flush() {
        buffer.withLock { drain(&$0) }
    }

    private func drain(_ pending: inout [UInt8]) {
        pending.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let n = Foundation.write(fd, base + offset, bytes.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }  // stdout gone: nothing sensible left to do with log lines
                offset += n
            }
        }
        pending.removeAll(keepingCapacity: pending.capacity <= Self.limit * 2)
    }
}
