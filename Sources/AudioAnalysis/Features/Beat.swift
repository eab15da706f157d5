import Foundation

/// Tempo estimation and dynamic-programming beat tracking (librosa's `beat` module).
enum Beat {
    /// Tempo in BPM: the autocorrelation lag that best fits a log-normal prior around `startBPM`.
    ///
    /// Port of `librosa.feature.tempo(onset_envelope:, aggregate=np.mean)` (librosa 0.11.0).
    /// - Parameters:
    ///   - onsetEnvelope: `[frame]` onset strength.
    ///   - startBPM: prior centre in BPM, > 0; default 120.
    ///   - stdBPM: prior width in octaves, > 0; default 1.
    ///   - acSize: autocorrelation window in seconds, > 0; default 8.
    ///   - maxTempo: tempi at or above this are excluded, BPM; default 320.
    static func tempo(
        onsetEnvelope: [Double], sr: Double = LibrosaDefaults.sr, hopLength: Int = LibrosaDefaults.hopLength,
        startBPM: Double = LibrosaDefaults.startBPM, stdBPM: Double = LibrosaDefaults.stdBPM,
        acSize: Double = LibrosaDefaults.acSize, maxTempo: Double = LibrosaDefaults.maxTempo
    ) -> Double {
        // time_to_frames: whole samples first, then whole hops.
        let winLength = Int((acSize * sr).rounded(.towardZero)) / hopLength
        let tg = Tempogram.meanTempogram(onsetEnvelope: onsetEnvelope, winLength: winLength)
        let bpms = Tempogram.tempoFrequencies(winLength, hopLength: hopLength, sr: sr)
        let firstAllowed = bpms.firstIndex { $0 < maxTempo } ?? 0
        var best = 0
        var bestScore = -Double.infinity
        for k in firstAllowed..<winLength {
            let z = (log2(bpms[k]) - log2(startBPM)) / stdBPM
            let score = log1p(1e6 * tg[k]) - 0.5 * z * z
            if score > bestScore {
                bestScore = score
                best = k
            }
        }
        return bpms[best]
    }

    /// Beat frames by dynamic programming over the onset envelope.
    ///
    /// Port of `librosa.beat.beat_track(onset_envelope:, tightness=100, trim=True)`
    /// (librosa 0.11.0; Ellis, "Beat Tracking by Dynamic Programming", JNMR 2007).
    /// - Parameters:
    ///   - onsetEnvelope: `[frame]` onset strength (beat_track uses the median-aggregated one).
    ///   - bpm: tempo to track; estimated with `tempo` when nil.
    ///   - tightness: penalty on deviation from the tempo, > 0; default 100.
    /// - Returns: the tempo in BPM (0 when the envelope is all zero) and `[beat]` frame indices.
    static func beatTrack(
        onsetEnvelope: [Double], sr: Double = LibrosaDefaults.sr, hopLength: Int = LibrosaDefaults.hopLength,
        bpm: Double? = nil, tightness: Double = LibrosaDefaults.tightness
    ) -> (tempo: Double, beats: [Int]) {
        guard onsetEnvelope.contains(where: { $0 != 0 }) else { return (0, []) }
        let tempo = bpm ?? self.tempo(onsetEnvelope: onsetEnvelope, sr: sr, hopLength: hopLength)
        let frameRate = sr / Double(hopLength)
        // frames per beat = (frames / s) · (60 s / min) / (beats / min), rounded half-to-even like np.round.
        let framesPerBeat = (frameRate * 60 / tempo).rounded(.toNearestOrEven)
        let localScore = beatLocalScore(normalizeOnsets(onsetEnvelope), framesPerBeat: Int(framesPerBeat))
        let (backlink, cumScore) = BeatTracker.dynamicProgram(
            localScore: localScore, framesPerBeat: framesPerBeat, tightness: tightness
        )
        var isBeat = [Bool](repeating: false, count: onsetEnvelope.count)
        var n = BeatTracker.lastBeat(cumScore)
        while n >= 0 {
            isBeat[n] = true
            n = backlink[n]
        }
        BeatTracker.trimBeats(localScore: localScore, beats: &isBeat)
        return (tempo, isBeat.indices.filter { isBeat[$0] })
    }

    /// The envelope divided by its sample standard deviation (ddof 1).
    static func normalizeOnsets(_ onsets: [Double]) -> [Double] {
        let n = Double(onsets.count)
        let mean = onsets.reduce(0, +) / n
        let variance = onsets.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / max(1, n - 1)
        let norm = variance.squareRoot() + Double.leastNormalMagnitude
        return onsets.map { $0 / norm }
    }

    /// The envelope smoothed by a Gaussian of ±`framesPerBeat` frames (σ = framesPerBeat/32).
    ///
    /// Mirrors librosa's `__beat_local_score` exactly, including that the first
    /// envelope sample never contributes.
    static func beatLocalScore(_ onsets: [Double], framesPerBeat: Int) -> [Double] {
        let n = onsets.count
        let fpb = Double(framesPerBeat)
        let window = (-framesPerBeat...framesPerBeat).map { k -> Double in
            let x = Double(k) * 32 / fpb
            return exp(-0.5 * x * x)
        }
        let width = window.count
        let half = width / 2
        var score = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var s: Double = 0
            var k = max(0, i + half - n + 1)
            while k < min(i + half, width) {
                s += window[k] * onsets[i + half - k]
                k += 1
            }
            score[i] = s
        }
        return score
    }
}
