public import AnalysisResults

/// One analysis agent: a named group of features computed from a signal.
public protocol AnalysisAgent: Sendable {
    /// Stable name used in results and requests (`spectral`, `temporal`, `rhythm`, `loudness`, `tonal`).
    var name: String { get }
    /// One paragraph describing what the agent measures, shown to a chat model as a tool description.
    var description: String { get }
    /// Computes the agent's results.
    /// - Throws: `AnalysisError` when the signal cannot be analysed.
    func analyze(_ context: AnalysisContext) throws -> AgentData
}

/// The data one agent produced.
public enum AgentData: Sendable, Encodable, Equatable {
    /// Output of the spectral agent.
    case spectral(SpectralAnalysis)
    /// Output of the temporal agent.
    case temporal(TemporalAnalysis)
    /// Output of the rhythm agent.
    case rhythm(RhythmAnalysis)
    /// Output of the loudness agent.
    case loudness(LoudnessAnalysis)
    /// Output of the tonal agent.
    case tonal(TonalAnalysis)

    /// Encodes the wrapped value itself (no enum wrapper).
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .spectral(let value): try value.encode(to: encoder)
        case .temporal(let value): try value.encode(to: encoder)
        case .rhythm(let value): try value.encode(to: encoder)
        case .loudness(let value): try value.encode(to: encoder)
        case .tonal(let value): try value.encode(to: encoder)
        }
    }
}
