/// The registry of analysis agents, in the order they run.
public enum AnalysisAgents {
    /// Every agent: spectral, temporal, rhythm, loudness, tonal.
    public static let all: [any AnalysisAgent] = [SpectralAgent(), TemporalAgent(), RhythmAgent(), LoudnessAgent(), TonalAgent()]

    /// The agent called `name`, if any.
    public static func named(_ name: String) -> (any AnalysisAgent)? {
        all.first { $0.name == name }
    }

    /// The agents for a list of names, in registry order.
    /// - Throws: `AnalysisError.invalidParameter(name: "agents", …)` for an unknown name.
    public static func select(_ names: [String]) throws -> [any AnalysisAgent] {
        for name in names where named(name) == nil {
            throw AnalysisError.invalidParameter(name: "agents", value: name)
        }
        return all.filter { names.contains($0.name) }
    }
}
