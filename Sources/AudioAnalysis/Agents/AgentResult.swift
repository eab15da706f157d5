/// The outcome of one agent: `{agent, success, data, error}`.
public struct AgentResult: Sendable, Encodable, Equatable {
    /// Agent name.
    public let agent: String
    /// Whether the agent produced data.
    public let success: Bool
    /// The agent's data when it succeeded.
    public let data: AgentData?
    /// A user-safe message when it failed.
    public let error: String?

    /// A successful result.
    public static func succeeded(_ agent: String, _ data: AgentData) -> AgentResult {
        AgentResult(agent: agent, success: true, data: data, error: nil)
    }

    /// A failed result.
    public static func failed(_ agent: String, _ message: String) -> AgentResult {
        AgentResult(agent: agent, success: false, data: nil, error: message)
    }
}

/// Where an agent is in its run, for progress reports.
public enum AgentState: String, Sendable {
    /// The agent has started.
    case running
    /// The agent finished with data.
    case complete
    /// The agent failed; the others still run.
    case failed
}
