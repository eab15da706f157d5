import Foundation

/// The dynamic program behind `Beat.beatTrack` and its path clean-up.
enum BeatTracker {
    /// Best cumulative score ending in each frame and the previous beat it came from.
    ///
    /// Mirrors librosa's `__beat_track_dp` (librosa 0.11.0): predecessors lie
    /// between `round(fpb/2)` and `2·fpb` frames back and are penalised by
    /// `tightness · (log(gap) − log(fpb))²`; until the first frame whose local
    /// score reaches 1 % of the maximum, frames start new paths (backlink −1).
    static func dynamicProgram(
        localScore: [Double], framesPerBeat: Double, tightness: Double
    ) -> (backlink: [Int], cumScore: [Double]) {
        let n = localScore.count
        var backlink = [Int](repeating: -1, count: n)
        var cumScore = [Double](repeating: 0, count: n)
        guard n > 0 else { return (backlink, cumScore) }
        // numba receives tightness as float32.
        let tight = Double(Float(tightness))
        let threshold = 0.01 * (localScore.max() ?? 0)
        let nearest = Int((framesPerBeat / 2).rounded(.toNearestOrEven))
        let farthest = Int(2 * framesPerBeat)
        let logFPB = log(framesPerBeat)
        let penalty = (0...max(farthest, 0)).map { gap -> Double in
            let d = log(Double(gap)) - logFPB
            return tight * d * d
        }
        var firstBeat = true
        for i in 0..<n {
            var best = -Double.infinity
            var location = -1
            var loc = i - nearest
            while loc > i - farthest - 1, loc >= 0 {
                let score = cumScore[loc] - penalty[i - loc]
                if score > best {
                    best = score
                    location = loc
                }
                loc -= 1
            }
            cumScore[i] = location >= 0 ? localScore[i] + best : localScore[i]
            if firstBeat && localScore[i] < threshold {
                backlink[i] = -1
            } else {
                backlink[i] = location
                firstBeat = false
            }
        }
        return (backlink, cumScore)
    }

    /// The last frame that is a local maximum of the cumulative score and at
    /// least half the median of those maxima (librosa's `__last_beat`).
    static func lastBeat(_ cumScore: [Double]) -> Int {
        let n = cumScore.count
        guard n > 0 else { return -1 }
        let peaks = localMaxima(cumScore)
        var values = peaks.map { cumScore[$0] }
        let threshold = 0.5 * Statistics.median(&values)
        return peaks.last { cumScore[$0] >= threshold } ?? (n - 1)
    }

    /// `librosa.util.localmax`: `x[i] > x[i−1]` and `x[i] ≥ x[i+1]`, edges padded by repetition.
    static func localMaxima(_ x: [Double]) -> [Int] {
        let n = x.count
        return (0..<n).filter { i in
            x[i] > x[max(i - 1, 0)] && x[i] >= x[min(i + 1, n - 1)]
        }
    }

    /// Drops weak beats at both ends (librosa's `__trim_beats` with `trim=True`).
    ///
    /// The threshold is half the RMS of the beats' local scores smoothed by a
    /// 5-point Hann window. As in librosa, frames (not beats) are walked from
    /// each end while their local score is at or below the threshold.
    static func trimBeats(localScore: [Double], beats: inout [Bool]) {
        let beatScores = beats.indices.filter { beats[$0] }.map { localScore[$0] }
        let hann5: [Double] = [0, 0.5, 1, 0.5, 0]
        // np.convolve(full) then [2 : len(localScore) + 2].
        let fullCount = beatScores.count + hann5.count - 1
        let upper = min(fullCount, localScore.count + 2)
        var sumSquares: Double = 0
        var count = 0
        if upper > 2 {
            for j in 2..<upper {
                var s: Double = 0
                for (k, w) in hann5.enumerated() where j - k >= 0 && j - k < beatScores.count {
                    s += w * beatScores[j - k]
                }
                sumSquares += s * s
                count += 1
            }
        }
        let threshold = count > 0 ? 0.5 * (sumSquares / Double(count)).squareRoot() : 0
        var n = 0
        while n < localScore.count, localScore[n] <= threshold {
            beats[n] = false
            n += 1
        }
        n = localScore.count - 1
        while n >= 0, localScore[n] <= threshold {
            beats[n] = false
            n -= 1
        }
    }
}
