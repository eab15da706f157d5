internal import Foundation

/// Plain-words readings of loudness figures against the targets people master for.
enum LoudnessReading {
    /// The common streaming target (Spotify, YouTube, Tidal normalise to about −14 LUFS).
    static let streamingTargetLUFS = -14.0
    /// The EBU R128 broadcast target.
    static let broadcastTargetLUFS = -23.0
    /// Highest true peak that survives lossy encoding without clipping (the usual −1 dBTP ceiling).
    static let truePeakCeilingDBTP = -1.0

    /// A short phrase: where the integrated loudness sits against −14 and −23 LUFS, plus a clipping warning.
    /// - Parameters:
    ///   - integratedLUFS: gated integrated loudness; nil for silence.
    ///   - truePeakDBTP: highest true peak; nil for silence.
    static func interpretation(integratedLUFS: Double?, truePeakDBTP: Double?) -> String {
        guard let loudness = integratedLUFS else { return "silent: no measurable loudness" }
        var text: String
        if loudness > streamingTargetLUFS + 1 {
            text = "loud: \(lu(loudness - streamingTargetLUFS)) above the −14 LUFS streaming target (streaming services will turn it down)"
        } else if loudness >= streamingTargetLUFS - 1 {
            text = "at the −14 LUFS streaming target"
        } else if loudness > broadcastTargetLUFS + 1 {
            text = "between the −23 LUFS broadcast and −14 LUFS streaming targets"
        } else if loudness >= broadcastTargetLUFS - 1 {
            text = "at the −23 LUFS broadcast target"
        } else {
            text = "quiet: \(lu(broadcastTargetLUFS - loudness)) below the −23 LUFS broadcast target"
        }
        if let peak = truePeakDBTP, peak > truePeakCeilingDBTP {
            text += "; true peak above −1 dBTP may clip after lossy encoding"
        }
        return text
    }

    private static func lu(_ value: Double) -> String {
        String(format: "%.1f LU", value)
    }
}
