/// The three analyses the local router knows, matched to the offered tools by name (`analyse_rhythm` …).
public enum AnalysisKind: String, Sendable, CaseIterable, Comparable {
    /// Spectral features: centroid, flatness, dominant frequencies, MFCC.
    case spectral
    /// Temporal features: duration, RMS energy, amplitude, silence.
    case temporal
    /// Rhythm features: tempo, beats, time signature, swing, steadiness.
    case rhythm

    /// Orders kinds as the agents are listed in `/api/health/`: spectral, temporal, rhythm.
    public static func < (lhs: AnalysisKind, rhs: AnalysisKind) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }

    /// The kind a tool serves, read from its name (`analyse_rhythm` → `.rhythm`), or `nil`.
    /// - Parameter toolName: the tool's name.
    public init?(toolName: String) {
        let lowered = toolName.lowercased()
        guard let kind = AnalysisKind.allCases.first(where: { lowered.contains($0.rawValue) }) else { return nil }
        self = kind
    }
}
