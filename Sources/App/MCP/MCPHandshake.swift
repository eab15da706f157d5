import Chat

/// The `initialize` exchange of the Model Context Protocol ("Lifecycle", revisions 2025-03-26 to 2025-11-25).
enum MCPHandshake {
    /// The revisions this server speaks, newest first. All use the initialize handshake over the
    /// Streamable HTTP transport; 2025-11-25 is what current SDK clients offer.
    static let supportedVersions = ["2025-11-25", "2025-06-18", "2025-03-26"]

    /// The client's version when we speak it, else our newest (the client then decides whether to go on).
    static func negotiate(_ requested: String) -> String {
        supportedVersions.contains(requested) ? requested : supportedVersions[0]
    }

    /// The result of `initialize`.
    /// - Parameter params: the request's params.
    /// - Returns: the negotiated version and the result object.
    /// - Throws: -32602 when `protocolVersion` is missing or not a string.
    static func initialize(params: JSONValue, serverVersion: String) throws(JSONRPCError) -> (version: String, result: JSONValue) {
        guard let requested = params["protocolVersion"]?.stringValue else {
            throw .invalidParams("initialize needs params.protocolVersion, a string")
        }
        let version = negotiate(requested)
        let result: JSONValue = [
            "protocolVersion": .string(version),
            "capabilities": ["tools": ["listChanged": false]],
            "serverInfo": ["name": "audio-analysis-server", "title": "Audio Analysis Server", "version": .string(serverVersion)],
            "instructions": """
            Tools over the caller's uploaded audio tracks. list_tracks finds track ids; get_track reports a \
            track's status and its whole analysis; the analyse_* tools return one analysis once the track's \
            status is ready. Long arrays (beat and onset times) are cut to their first 64 entries, with \
            <name>_total giving the full count.
            """,
        ]
        return (version, result)
    }
}
