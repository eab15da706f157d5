import Chat
import Database
import Foundation

/// The MCP tools over the caller's tracks: `list_tracks`, `get_track`, and one `analyse_<agent>`
/// per agent of the chat's tool set (the same registry, descriptions and stored-or-computed results).
struct MCPToolbox: Sendable {
    let tracks: TrackStore
    let toolSet: AnalysisToolSet
    /// Longest array shown in a result: the chat's limit, so both interfaces show the same sample.
    let arrayLimit: Int
    /// Stored analyses parsed, shared with the chat.
    let analyses: ParsedAnalyses

    init(
        tracks: TrackStore, analyses: ParsedAnalyses, toolSet: AnalysisToolSet,
        arrayLimit: Int = Conversation.Configuration().toolArrayLimit
    ) {
        self.tracks = tracks
        self.analyses = analyses
        self.toolSet = toolSet
        self.arrayLimit = arrayLimit
    }

    private static let trackIDInput: JSONValue = [
        "type": "object",
        "properties": ["track_id": ["type": "string", "description": "The track's id (a UUID), as list_tracks returns it."]],
        "required": ["track_id"],
    ]

    /// The `tools` array of `tools/list`.
    var descriptors: [JSONValue] {
        let readOnly: JSONValue = ["readOnlyHint": true, "openWorldHint": false]
        let fixed: [JSONValue] = [
            [
                "name": "list_tracks", "title": "List tracks", "annotations": readOnly,
                "description": "The caller's tracks, newest first: id, file name, analysis status, duration, upload time.",
                "inputSchema": [
                    "type": "object",
                    "properties": [
                        "limit": ["type": "integer", "minimum": 1, "maximum": 100, "default": 50],
                        "offset": ["type": "integer", "minimum": 0, "default": 0],
                    ],
                ],
            ],
            [
                "name": "get_track", "title": "Get a track", "annotations": readOnly,
                "description": "One track's metadata, analysis status and, once ready, every agent's analysis.",
                "inputSchema": Self.trackIDInput,
            ],
        ]
        return fixed
            + toolSet.agents.map { agent in
                [
                    "name": .string(AnalysisTool.name(for: agent.name)), "annotations": readOnly,
                    "title": .string("\(agent.name.prefix(1).uppercased())\(agent.name.dropFirst()) analysis"),
                    "description": .string(agent.description), "inputSchema": Self.trackIDInput,
                ]
            }
    }

    /// Whether `name` is one of the tools.
    func has(_ name: String) -> Bool {
        ["list_tracks", "get_track"].contains(name) || toolSet.agents.contains { AnalysisTool.name(for: $0.name) == name }
    }

    /// Runs tool `name` for `identity`; problems with the arguments or the track are tool errors.
    /// - Throws: database errors (the caller answers -32603).
    func call(_ name: String, arguments: JSONValue, identity: Identity) async throws -> MCPToolResult {
        switch name {
        case "list_tracks": return try await list(arguments, identity: identity)
        case "get_track":
            return try await withTrack(arguments, identity: identity) { track in
                .success(Self.describe(track, analysis: analyses.value(of: track), limit: arrayLimit))
            }
        default:
            return try await withTrack(arguments, identity: identity) { track in try await analyse(name, track) }
        }
    }

    private func list(_ arguments: JSONValue, identity: Identity) async throws -> MCPToolResult {
        let limit = arguments["limit"].map(Self.integer) ?? 50
        let offset = arguments["offset"].map(Self.integer) ?? 0
        guard let limit, let offset, (1...100).contains(limit), offset >= 0 else {
            return .failure("limit must be an integer in 1…100 and offset an integer ≥ 0")
        }
        let summaries = try await tracks.listSummaries(scope: identity.scope, limit: limit, offset: offset)
        let items: [JSONValue] = summaries.map { summary in
            [
                "track_id": .string(summary.id.lowercasedString), "original_filename": .string(summary.originalFilename),
                "status": .string(summary.status.rawValue), "duration": summary.duration.map(JSONValue.number) ?? .null,
                "created_at": .string(ISO8601.string(summary.createdAt)),
            ]
        }
        return .success(["tracks": .array(items), "count": .number(Double(items.count))])
    }

    private static func integer(_ value: JSONValue) -> Int? {
        guard let number = value.doubleValue, number.rounded() == number, abs(number) < 1e9 else { return nil }
        return Int(number)
    }

    /// Finds the caller's track named by `track_id` and runs `body` on it; a missing, foreign or
    /// malformed id is the same tool error, so ids of other people's tracks cannot be probed.
    private func withTrack(
        _ arguments: JSONValue, identity: Identity, _ body: (Track) async throws -> MCPToolResult
    ) async throws -> MCPToolResult {
        guard let text = arguments["track_id"]?.stringValue else { return .failure("track_id (a string) is required") }
        guard let id = UUID(text: text), let track = try await tracks.get(id: id, scope: identity.scope) else {
            return .failure("Track not found: \(text.prefix(64))")
        }
        return try await body(track)
    }

    private func analyse(_ name: String, _ track: Track) async throws -> MCPToolResult {
        switch track.status {
        case .ready: break
        case .pending, .analyzing:
            return .failure(
                "Track \(track.id.lowercasedString) is still being analysed (status: \(track.status.rawValue)). "
                    + "Call get_track until its status is ready, then try again.")
        case .failed:
            return .failure("Analysis of track \(track.id.lowercasedString) failed: \(track.statusMessage)")
        }
        guard let tool = toolSet.tools(for: track, analysis: analyses.value(of: track)).first(where: { $0.name == name }) else {
            return .failure("Unknown tool: \(name)")
        }
        do {
            let result = try await tool.run(arguments: ["track_id": .string(track.id.lowercasedString)])
            if case .object(let members) = result, members.count == 1, let message = members["error"]?.stringValue {
                return .failure("The analysis failed for this track: \(message)")
            }
            guard case .object = result else { return .success(["result": result.trimmingArrays(to: arrayLimit)]) }
            return .success(result.trimmingArrays(to: arrayLimit))
        } catch let error as ChatToolError {
            return .failure(error.message)
        }
    }

    /// `get_track`'s answer: the track's metadata, status and analysis (arrays trimmed).
    /// - Parameter analysis: the stored analysis parsed; nil (unreadable) is answered as null.
    static func describe(_ track: Track, analysis: JSONValue?, limit: Int) -> JSONValue {
        let analysis = analysis?.trimmingArrays(to: limit) ?? .null
        return [
            "track_id": .string(track.id.lowercasedString), "filename": .string(track.filename),
            "original_filename": .string(track.originalFilename), "status": .string(track.status.rawValue),
            "status_message": .string(track.statusMessage), "duration": track.duration.map(JSONValue.number) ?? .null,
            "sample_rate": track.sampleRate.map { .number(Double($0)) } ?? .null,
            "channels": track.channels.map { .number(Double($0)) } ?? .null, "format": .string(track.format),
            "created_at": .string(ISO8601.string(track.createdAt)),
            "analyzed_at": track.analyzedAt.map { .string(ISO8601.string($0)) } ?? .null,
            "analysis": analysis,
        ]
    }
}
