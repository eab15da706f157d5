/// Runs chosen agents on one signal, isolating failures and reporting progress.
public struct AnalysisRunner: Sendable {
    /// Agents to run, in order.
    public let agents: [any AnalysisAgent]

    /// - Parameter agents: the agents to run; default all of `AnalysisAgents.all`.
    public init(agents: [any AnalysisAgent] = AnalysisAgents.all) {
        self.agents = agents
    }

    /// Runs the agents one after another on the calling thread.
    ///
    /// CPU-bound and blocking: call it from a worker thread, never from the
    /// Swift cooperative pool or an event loop. A throwing agent becomes a
    /// failed result; the others still run.
    /// - Parameters:
    ///   - signal: mono signal (22050 Hz after decoding).
    ///   - progress: called with each agent's name and state (running, then complete or failed).
    /// - Returns: one result per agent, in order.
    public func run(
        _ signal: AudioSignal, progress: (String, AgentState) -> Void = { _, _ in }
    ) -> AnalysisReport {
        run(AnalysisContext(signal: signal), progress: progress)
    }

    /// Runs the agents on a decoded file: its mono signal and what was measured on the original audio.
    ///
    /// CPU-bound and blocking, as `run(_:progress:)` with a signal.
    /// - Parameters:
    ///   - decoded: the decoder's output.
    ///   - progress: called with each agent's name and state.
    /// - Returns: one result per agent, in order.
    public func run(
        _ decoded: DecodedAudio, progress: (String, AgentState) -> Void = { _, _ in }
    ) -> AnalysisReport {
        run(AnalysisContext(signal: decoded.signal, loudness: decoded.loudness), progress: progress)
    }

    private func run(_ context: AnalysisContext, progress: (String, AgentState) -> Void) -> AnalysisReport {
        var results: [AgentResult] = []
        for agent in agents {
            progress(agent.name, .running)
            do {
                let data = try agent.analyze(context)
                results.append(.succeeded(agent.name, data))
                progress(agent.name, .complete)
            } catch {
                results.append(.failed(agent.name, Self.message(for: error)))
                progress(agent.name, .failed)
            }
        }
        return AnalysisReport(results: results)
    }

    /// A user-safe message: our errors describe themselves, anything else is generic.
    private static func message(for error: any Error) -> String {
        (error as? AnalysisError)?.description ?? "Analysis failed"
    }
}
