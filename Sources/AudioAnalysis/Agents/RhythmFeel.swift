/// The rhythm agent's meter, swing and pickup heuristics (ANALYSIS.md, "rhythm").
struct RhythmFeel {
    let timeSignature: String
    let swing: Double
    let upbeat: Bool

    /// - Parameters:
    ///   - beatFrames: `[beat]` beat frame indices.
    ///   - beatTimes: `[beat]` beat times in seconds.
    ///   - onsetTimes: `[onset]` onset times in seconds, ascending.
    ///   - envelope: `[frame]` onset strength envelope (mean aggregation).
    init(beatFrames: [Int], beatTimes: [Double], onsetTimes: [Double], envelope: [Double]) {
        timeSignature = Self.timeSignature(beatFrames: beatFrames, envelope: envelope)
        swing = Self.swing(beatTimes: beatTimes, onsetTimes: onsetTimes)
        upbeat = Self.upbeat(beatTimes: beatTimes, onsetTimes: onsetTimes)
    }

    /// "3/4" when beat strengths repeat with period 3 clearly better than with period 4.
    static func timeSignature(beatFrames: [Int], envelope: [Double]) -> String {
        let strengths = beatFrames.filter { $0 >= 0 && $0 < envelope.count }.map { envelope[$0] }
        guard beatFrames.count >= 4, strengths.count >= 6 else { return "4/4" }
        let mean = Statistics.mean(strengths)
        let accents = strengths.map { $0 > mean }
        func score(_ period: Int) -> Double {
            let pairs = accents.count - period
            let same = pairs > 0 ? (0..<pairs).filter { accents[$0] == accents[$0 + period] }.count : 0
            return Double(same) / Double(max(pairs, 1))
        }
        return score(3) > score(4) + 0.15 ? "3/4" : "4/4"
    }

    /// Median position of the first off-beat onset inside each beat, mapped so
    /// 0.5 (straight) → 0 and ≈ 0.667 (triplet) → 1; 3 decimals.
    static func swing(beatTimes: [Double], onsetTimes: [Double]) -> Double {
        guard beatTimes.count >= 3, onsetTimes.count >= 2 else { return 0 }
        var ratios: [Double] = []
        for (start, end) in zip(beatTimes, beatTimes.dropFirst()) {
            let duration = end - start
            guard let t = onsetTimes.first(where: { $0 > start + 0.1 * duration && $0 < end - 0.1 * duration })
            else { continue }
            let position = (t - start) / duration
            if position > 0.3 && position < 0.85 {
                ratios.append(min(1, max(0, (position - 0.5) / 0.167)))
            }
        }
        guard !ratios.isEmpty else { return 0 }
        return RhythmAgent.rounded(Statistics.median(&ratios))
    }

    /// True when an onset precedes the first beat by more than a quarter of the first interval.
    static func upbeat(beatTimes: [Double], onsetTimes: [Double]) -> Bool {
        guard beatTimes.count >= 2, let earliest = onsetTimes.min() else { return false }
        let first = beatTimes[0]
        return earliest < first && first - earliest > 0.25 * (beatTimes[1] - beatTimes[0])
    }
}
