import Foundation
import Logging
import Synchronization
import Testing

@testable import App

@Suite struct JSONLogHandlerTests {
    /// Logs through a handler into a pipe and returns the lines written.
    private func lines(json: Bool = true, _ log: (Logger) -> Void) throws -> [String] {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let output = LogOutput(fd: fds[1], interval: .seconds(60))
        var logger = Logger(label: "test") { JSONLogHandler(label: $0, level: .debug, json: json, output: output) }
        logger[metadataKey: "replica"] = "a"
        log(logger)
        output.flush()
        close(fds[1])
        let text = String(decoding: FileHandle(fileDescriptor: fds[0]).readDataToEndOfFile(), as: UTF8.self)
        return text.split(separator: "\n").map(String.init)
    }

    @Test func oneJSONObjectPerLineWithMetadataSortedAndNumbersKept() throws {
        let written = try lines { logger in
            logger.info(
                "request",
                metadata: [
                    "path": "/a \"b\"", "status": "200", "duration_ms": "1.25", "neg": "-3", "zero": "0",
                    "leading": "007", "trailing": "1.", "exp": "1e5", "nan": "nan", "plus": "+1",
                    "list": ["x", "2"], "nested": ["k": "v"],
                ])
        }
        #expect(written.count == 1)
        let line = try #require(written.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "info" && object["logger"] as? String == "test" && object["message"] as? String == "request")
        #expect(object["replica"] as? String == "a" && object["path"] as? String == "/a \"b\"")
        #expect(object["status"] as? Int == 200 && object["duration_ms"] as? Double == 1.25 && object["neg"] as? Int == -3)
        #expect(object["zero"] as? Int == 0)
        for key in ["leading", "trailing", "exp", "nan", "plus"] { #expect(object[key] is String, "\(key) stays a string") }
        #expect((object["nested"] as? [String: String]) == ["k": "v"])
        let time = try #require(object["time"] as? String)
        #expect(time.count == 24 && time.hasSuffix("Z") && Array(time)[10] == "T")
        // Keys after the fixed four, in order.
        let keys = line.split(separator: ",").compactMap { $0.split(separator: ":").first }.map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: "{\""))
        }
        #expect(keys.prefix(4) == ["time", "level", "logger", "message"])
        let duration = try #require(line.range(of: #""duration_ms""#))
        let exp = try #require(line.range(of: #""exp""#))
        #expect(duration.lowerBound < exp.lowerBound)
    }

    @Test func plainTextFormat() throws {
        let written = try lines(json: false) { $0.warning("careful", metadata: ["n": "1"]) }
        #expect(written.count == 1)
        #expect(written.first?.hasSuffix(" WARNING test: careful n=1 replica=a") == true)
    }

    @Test(.timeLimit(.minutes(1)))
    func aReaderThatStopsReadingNeverBlocksTheLoggerAndDropsAreCounted() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        // Nobody reads yet: a pipe holds 64 KiB, then write(2) would block whoever calls it.
        let output = LogOutput(fd: fds[1], interval: .seconds(60), maxPending: 16 * 1024)
        let line = Array(String(repeating: "x", count: 99).utf8) + [10]
        for _ in 0..<3_000 { output.write(line, flush: true) }  // 300 KB: returns although the pipe is full
        // Now a reader drains the pipe while the output catches up.
        final class Received: Sendable { let data = Mutex(Data()) }
        let received = Received()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async { [fd = fds[0]] in
            let data = FileHandle(fileDescriptor: fd, closeOnDealloc: false).readDataToEndOfFile()
            received.data.withLock { $0 = data }
            done.signal()
        }
        output.flush()
        close(fds[1])
        done.wait()
        let lines = String(decoding: received.data.withLock { $0 }, as: UTF8.self).split(separator: "\n")
        let written = lines.filter { $0.allSatisfy { $0 == "x" } }.count
        // One notice per write that followed drops: when the flush queue ran late (a busy machine),
        // lines were dropped both before and after it caught up, so there may be several.
        let notices = lines.filter { $0.contains("log lines dropped") }
        let counts = try notices.map { notice in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(notice.utf8)) as? [String: Any])
            return try #require(object["count"] as? Int)
        }
        let dropped = counts.reduce(0, +)
        #expect(!notices.isEmpty && dropped > 0)
        #expect(written + dropped == 3_000, "written \(written), dropped \(counts)")
    }
}
