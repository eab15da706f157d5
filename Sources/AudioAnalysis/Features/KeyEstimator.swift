internal import Foundation

/// A musical key: a tonic pitch class and a mode.
struct MusicalKey: Sendable, Equatable {
    /// Major or minor.
    enum Mode: String, Sendable {
        case major, minor
    }

    /// Tonic pitch class, 0 = C … 11 = B.
    let tonic: Int
    let mode: Mode

    /// `"A minor"`, with the spellings of `Chroma.pitchClasses`.
    var label: String { "\(Chroma.pitchClasses[tonic]) \(mode.rawValue)" }
}

/// Key estimation from chroma by correlation with key profiles.
struct KeyEstimator {
    /// A key with its correlation score.
    struct Candidate {
        let key: MusicalKey
        let score: Double
        var tonic: Int { key.tonic }
        var mode: MusicalKey.Mode { key.mode }
        var label: String { key.label }
    }

    /// All 24 keys, best first, and how clearly the best one wins.
    struct Estimate {
        let ranked: [Candidate]
        let confidence: Double
        var best: Candidate { ranked[0] }
    }

    /// Krumhansl–Kessler probe-tone ratings (Krumhansl 1990), from the tonic.
    static let majorProfile: [Double] = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88]
    static let minorProfile: [Double] = [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17]

    /// The key of `chroma`.
    /// - Parameter chroma: `[frame][12]` row-major chroma from C.
    /// - Returns: nil when there is no pitched content (all frames zero).
    func estimate(chroma: [Float]) -> Estimate? {
        let frames = chroma.count / 12
        var profile = [Double](repeating: 0, count: 12)
        for t in 0..<frames {
            for c in 0..<12 { profile[c] += Double(chroma[t * 12 + c]) }
        }
        guard profile.contains(where: { $0 > 0 }) else { return nil }
        var ranked: [Candidate] = []
        for tonic in 0..<12 {
            for (mode, template) in [(MusicalKey.Mode.major, Self.majorProfile), (.minor, Self.minorProfile)] {
                let rotated = (0..<12).map { template[($0 - tonic + 12) % 12] }
                ranked.append(Candidate(key: MusicalKey(tonic: tonic, mode: mode), score: Self.correlation(profile, rotated)))
            }
        }
        ranked.sort { $0.score > $1.score }
        let confidence = max(0, min(1, ranked[0].score - ranked[1].score))
        return Estimate(ranked: ranked, confidence: confidence)
    }

    /// Pearson correlation; 0 when either side is constant.
    static func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            sxy += (x[i] - mx) * (y[i] - my)
            sxx += (x[i] - mx) * (x[i] - mx)
            syy += (y[i] - my) * (y[i] - my)
        }
        let denominator = (sxx * syy).squareRoot()
        return denominator > 0 ? sxy / denominator : 0
    }
}
