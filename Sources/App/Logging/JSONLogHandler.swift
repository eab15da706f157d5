import Chat
public import Dispatch
import Foundation
public import Logging
import Synchronization

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
        if let extra = event.metadata {
            if fields.isEmpty { fields = extra } else { fields.merge(extra) { $1 } }
        }
        // Warnings and errors go out at once; routine lines (the access log) are batched.
        if json {
            output.write(jsonLine(event, fields), flush: event.level >= .warning)
        } else {
            output.write(Array(textLine(event, fields).utf8), flush: event.level >= .warning)
        }
    }

    /// `{"time":…,"level":…,"logger":…,"message":…,<metadata, keys sorted>}` and a newline,
    /// written straight into bytes: the access log writes one per request.
    private func jsonLine(_ event: LogEvent, _ fields: Logger.Metadata) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(256)
        line += #"{"time":""#.utf8
        Self.appendTimestamp(to: &line)
        line += #"","level":""#.utf8
        line += event.level.rawValue.utf8
        line += #"","logger":"#.utf8
        JSONText.appendQuoted(label, to: &line)
        line += #","message":"#.utf8
        JSONText.appendQuoted(event.message.description, to: &line)
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            line.append(UInt8(ascii: ","))
            JSONText.appendQuoted(key, to: &line)
            line.append(UInt8(ascii: ":"))
            Self.append(value, to: &line)
        }
        line += "}\n".utf8
        return line
    }

    private func textLine(_ event: LogEvent, _ fields: Logger.Metadata) -> String {
        var time: [UInt8] = []
        Self.appendTimestamp(to: &time)
        let extra = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return "\(String(decoding: time, as: UTF8.self)) \(event.level.rawValue.uppercased()) \(label): \(event.message)"
            + "\(extra.isEmpty ? "" : " " + extra)\n"
    }

    private static func append(_ value: Logger.Metadata.Value, to line: inout [UInt8]) {
        switch value {
        case .string(let text):
            // Numbers logged as strings stay numbers in JSON.
            if isPlainNumber(text) { line += text.utf8 } else { JSONText.appendQuoted(text, to: &line) }
        case .stringConvertible(let value):
            JSONText.appendQuoted(value.description, to: &line)
        case .array(let values):
            line.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { line.append(UInt8(ascii: ",")) }
                append(element, to: &line)
            }
            line.append(UInt8(ascii: "]"))
        case .dictionary(let dictionary):
            line.append(UInt8(ascii: "{"))
            for (index, (key, element)) in dictionary.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { line.append(UInt8(ascii: ",")) }
                JSONText.appendQuoted(key, to: &line)
                line.append(UInt8(ascii: ":"))
                append(element, to: &line)
            }
            line.append(UInt8(ascii: "}"))
        }
    }

    /// A JSON number without exponent, as written: `-?(0|[1-9][0-9]*)(\.[0-9]+)?`.
    static func isPlainNumber(_ text: String) -> Bool {
        var bytes = text.utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let integer = bytes.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        guard !integer.isEmpty, integer.count == 1 || integer.first != UInt8(ascii: "0") else { return false }
        bytes = bytes.dropFirst(integer.count)
        if bytes.isEmpty { return true }
        guard bytes.first == UInt8(ascii: "."), bytes.count > 1 else { return false }
        return bytes.dropFirst().allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`, UTC.
    private static func appendTimestamp(to line: inout [UInt8]) {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func digits(_ value: Int32, _ width: Int) {
            var divisor: Int32 = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = max(0, value)
            while divisor > 0 {
                line.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(parts.tm_year + 1900, 4)
        line.append(UInt8(ascii: "-"))
        digits(parts.tm_mon + 1, 2)
        line.append(UInt8(ascii: "-"))
        digits(parts.tm_mday, 2)
        line.append(UInt8(ascii: "T"))
        digits(parts.tm_hour, 2)
        line.append(UInt8(ascii: ":"))
        digits(parts.tm_min, 2)
        line.append(UInt8(ascii: ":"))
        digits(parts.tm_sec, 2)
        line.append(UInt8(ascii: "."))
        digits(Int32(spec.tv_nsec / 1_000_000), 3)
        line.append(UInt8(ascii: "Z"))
    }
}

/// Standard output behind a buffer that callers only append to: the
/// write(2) itself always runs on the output's own queue, every 100 ms or
/// as soon as an urgent line or a full buffer asks for it, so an event loop
/// logging a request never waits on a slow pipe. If the reader stops
/// altogether, lines past `maxPending` are dropped and counted, not hoarded.
// @unchecked Sendable: `state` is behind a Mutex; `timer` and `queue` are set once in init (DispatchSource is thread-safe); checked by the tests writing from many tasks.
public final class LogOutput: @unchecked Sendable {
    private struct State {
        var pending: [UInt8] = []
        /// A flush is queued but has not run yet.
        var flushScheduled = false
        /// Lines dropped since the last write because the buffer was full.
        var dropped = 0
    }

    private let state = Mutex(State())
    private let fd: Int32
    private let queue = DispatchQueue(label: "log-flush", qos: .utility)
    private let timer: any DispatchSourceTimer
    private let maxPending: Int
    private static let batch = 32 * 1024

    /// Output to `fd` (standard output by default), flushed every `interval`.
    /// - Parameter maxPending: bytes kept while the reader is not reading; default 4 MiB.
    public init(fd: Int32 = 1, interval: DispatchTimeInterval = .milliseconds(100), maxPending: Int = 4 << 20) {
        self.fd = fd
        self.maxPending = maxPending
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(20))
        timer.setEventHandler { [weak self] in self?.writePending() }
        timer.resume()
    }

    deinit { timer.cancel() }

    /// Appends a line (UTF-8, newline included); asks the output's queue to write
    /// soon when `flush` is set or a batch is full. Never blocks on the file.
    public func write(_ line: [UInt8], flush: Bool = false) {
        let schedule = state.withLock { state -> Bool in
            guard state.pending.count + line.count <= maxPending else {
                state.dropped += 1
                return false
            }
            state.pending += line
            guard (flush || state.pending.count >= Self.batch) && !state.flushScheduled else { return false }
            state.flushScheduled = true
            return true
        }
        if schedule { queue.async { [self] in writePending() } }
    }

    /// Writes whatever is buffered and returns once it is written (shutdown, tests).
    public func flush() {
        queue.sync { writePending() }
    }

    /// Runs on `queue` only, so batches reach the file in order.
    private func writePending() {
        let (bytes, dropped) = state.withLock { state in
            defer { (state.pending, state.flushScheduled, state.dropped) = ([], false, 0) }
            return (state.pending, state.dropped)
        }
        if dropped > 0 { writeAll(Array("{\"level\":\"warning\",\"message\":\"log lines dropped: output not read\",\"count\":\(dropped)}\n".utf8)) }
        writeAll(bytes)
    }

    private func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let n = Foundation.write(fd, base + offset, bytes.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }  // stdout gone: nothing sensible left to do with log lines
                offset += n
            }
        }
    }
}
