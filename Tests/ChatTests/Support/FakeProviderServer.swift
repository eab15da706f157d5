import Foundation
import TestSupport
import Testing

@testable import Chat

/// Runs Tests/Fakes/fake_providers.py as a subprocess on 127.0.0.1, port 0, scripted by a scenario,
/// and reads the requests it logged. The port comes from the line the script prints: no sleeps.
final class FakeProviderServer {
    struct StartFailure: Error, CustomStringConvertible {
        let description: String
    }

    let port: Int
    private let process: Process
    private let input: Pipe
    private let directory: URL

    /// `http://127.0.0.1:<port>`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(port: Int, process: Process, input: Pipe, directory: URL) {
        self.port = port
        self.process = process
        self.input = input
        self.directory = directory
    }

    /// Starts a fake that plays `replies` in order (see the script's docstring for their shape).
    static func start(_ replies: [JSONValue]) async throws -> FakeProviderServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fake-llm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let scenario = directory.appendingPathComponent("scenario.json")
        try Data(JSONValue.object(["responses": .array(replies)]).jsonText.utf8).write(to: scenario)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", scriptPath(), "--scenario", scenario.path,
            "--log", directory.appendingPathComponent("requests.jsonl").path,
        ]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let line = await readLine(output.fileHandleForReading)
        guard line.hasPrefix("PORT "), let port = Int(line.dropFirst(5)) else {
            process.terminate()
            throw StartFailure(description: "fake provider server did not start (python3 missing?): \(line)")
        }
        return FakeProviderServer(port: port, process: process, input: input, directory: directory)
    }

    /// The requests received so far: `{"path", "headers", "body"}` each.
    func requests() throws -> [JSONValue] {
        let log = directory.appendingPathComponent("requests.jsonl")
        guard let data = try? Data(contentsOf: log) else { return [] }
        return try data.split(separator: UInt8(ascii: "\n")).map { try JSONValue(parsing: Data($0)) }
    }

    /// Stops the subprocess: closing its standard input ends it; SIGTERM makes sure. Never waits for the
    /// exit, which would block one of the few cooperative threads the tests share.
    func stop() {
        try? input.fileHandleForWriting.close()
        process.terminate()
        try? FileManager.default.removeItem(at: directory)
    }

    private static func scriptPath() -> String {
        Repository.fakeProviders.path
    }

    /// Reads one line on a Dispatch thread (the read blocks), bridged back with a continuation.
    private static func readLine(_ handle: FileHandle) async -> String {
        await withCheckedContinuation { continuation in
            DispatchQueue(label: "process-wait").async {  // its own thread: never the shared pool
                var bytes = Data()
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    bytes.append(chunk)
                    if chunk.contains(UInt8(ascii: "\n")) { break }
                }
                let text = String(decoding: bytes, as: UTF8.self)
                continuation.resume(returning: String(text.prefix { $0 != "\n" }))
            }
        }
    }
}
