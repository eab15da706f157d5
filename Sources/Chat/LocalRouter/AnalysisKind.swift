/// The analyses the local router knows, matched to the offered tools by name (`analyse_rhythm` …).
/// Chat does not link the analysis pipeline, so these mirror its agent registry by name and order;
/// AppTests' `AnalysisToolTests` fails when the two disagree.
public enum AnalysisKind: String, Sendable, CaseIterable, Comparable {
    /// Spectral features: centroid, flatness, dominant frequencies, MFCC.
    case spectral
    /// Temporal features: duration, RMS energy, amplitude, silence.
    case temporal
    /// Rhythm features: tempo, beats, time signature, swing, steadiness.
    case rhythm
    /// EBU R128 loudness: integrated LUFS, loudness range, true peak.
    case loudness
    /// Key, mode, tuning and chroma.
    case tonal

    /// The analyses an open question ("describe this track") gets: the three the original app offered.
    /// Loudness and key are answered when asked for, so an overview stays short.
    public static let overview: Set<AnalysisKind> = [.spectral, .temporal, .rhythm]

    /// Orders kinds as the agents are listed in `/api/health/`: spectral, temporal, rhythm, loudness, tonal.
    public static func < (lhs: AnalysisKind, rhs: AnalysisKind) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }

    /// The kind a tool serves, read from its name (`analyse_rhythm` → `.rhythm`), or `nil`.
    /// - Parameter toolName: the tool's name.
    public init?(toolName: String) {
        let lowered = toolName.lowercased()
        guard let kind = AnalysisKind.allCases.first(where: { lowered.hasSuffix("_" + $0.rawValue) || lowered == $0.rawValue })
        else { return nil }
        self = kind
    }
}
