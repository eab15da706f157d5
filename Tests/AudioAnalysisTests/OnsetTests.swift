import Testing

@testable import AudioAnalysis

@Suite struct OnsetTests {
    /// `librosa.util.peak_pick([0,1,0,0,5,0,0,0,0,3,2,0], 1, 1, 4, 5, 0.07, 1)` → [4, 9].
    @Test func peakPickMatchesLibrosa() {
        let x: [Double] = [0, 1, 0, 0, 5, 0, 0, 0, 0, 3, 2, 0]
        #expect(Onset.peakPick(x, preMax: 1, postMax: 1, preAvg: 4, postAvg: 5, delta: 0.07, wait: 1) == [4, 9])
    }

    @Test func peakPickWaitsBetweenPeaks() {
        let x: [Double] = [0, 5, 0, 5, 0, 5, 0]
        #expect(Onset.peakPick(x, preMax: 1, postMax: 1, preAvg: 1, postAvg: 1, delta: 0.1, wait: 2) == [1, 5])
    }

    @Test func clicksAreDetectedAtTheirTimes() {
        let y = Synthetic.clicks(bpm: 120, seconds: 4)
        let s = y.withUnsafeBufferPointer { Spectrogram(y: $0) }
        let onsets = Onset.onsetDetect(onsetEnvelope: Onset.onsetStrength(melDb: s.melDb, nMels: s.nMels))
        let times = onsets.map { Double($0) * 512 / 22_050 }
        // The click at 0 s falls in the envelope's three centring frames, which are 0.
        #expect(times.count == 7)
        for t in times {
            let phase = t.truncatingRemainder(dividingBy: 0.5)
            #expect(min(phase, 0.5 - phase) < 0.05, "onset at \(t)")
        }
    }

    @Test func silenceHasNoOnsets() {
        let env = Onset.onsetStrength(melDb: [Float](repeating: -100, count: 128 * 50), nMels: 128)
        #expect(env.allSatisfy { $0 == 0 } && Onset.onsetDetect(onsetEnvelope: env).isEmpty)
    }
}
