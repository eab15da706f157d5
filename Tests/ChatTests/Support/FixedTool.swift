import Synchronization

@testable import Chat

/// A tool returning a fixed value (or throwing), counting its runs.
final class FixedTool: ChatTool {
    let name: String
    let description = "test tool"
    let parameters: JSONValue = ["type": "object", "properties": ["track_id": ["type": "string"]]]
    private let output: Result<JSONValue, ChatToolError>
    private let runs = Mutex<[JSONValue]>([])

    init(_ name: String, output: Result<JSONValue, ChatToolError>) {
        self.name = name
        self.output = output
    }

    var arguments: [JSONValue] { runs.withLock { $0 } }

    func run(arguments: JSONValue) async throws -> JSONValue {
        runs.withLock { $0.append(arguments) }
        return try output.get()
    }
}

/// Collects emitted events across tasks.
actor EventLog {
    private(set) var events: [ChatEvent] = []
    func append(_ event: ChatEvent) { events.append(event) }

    /// An `emit` closure feeding this log.
    nonisolated var emit: @Sendable (ChatEvent) async -> Void { { await self.append($0) } }
}
