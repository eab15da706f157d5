import Testing

@testable import AudioAnalysis

@Suite struct BeatTests {
    /// Clicks at a known BPM: the tracker finds that tempo (within one tempogram lag) and beats on the clicks.
    @Test(arguments: [90.0, 120.0, 140.0])
    func tracksClicksAtKnownTempo(_ bpm: Double) {
        let y = Synthetic.clicks(bpm: bpm, seconds: 10)
        let s = y.withUnsafeBufferPointer { Spectrogram(y: $0) }
        let envelope = Onset.onsetStrength(melDb: s.melDb, nMels: s.nMels, aggregate: .median)
        let (tempo, beats) = Beat.beatTrack(onsetEnvelope: envelope)
        #expect(abs(tempo - bpm) / bpm < 0.04, "tempo \(tempo)")
        let period = 60 / bpm
        #expect(beats.count >= Int(10 / period) - 3)
        for frame in beats {
            let t = Double(frame) * 512 / 22_050
            let phase = t.truncatingRemainder(dividingBy: period)
            #expect(min(phase, period - phase) < 0.05, "beat at \(t)")
        }
    }

    @Test func silenceHasNoBeats() {
        let (tempo, beats) = Beat.beatTrack(onsetEnvelope: [Double](repeating: 0, count: 100))
        #expect(tempo == 0 && beats.isEmpty)
    }

    @Test func tempoFrequenciesMatchLibrosa() {
        let bpms = Tempogram.tempoFrequencies(4)
        #expect(bpms[0] == .infinity && bpms[1] == 2583.984375 && bpms[2] == 1291.9921875)
    }

    @Test func localMaximaFollowLibrosaEdges() {
        #expect(BeatTracker.localMaxima([1, 1, 2, 2, 1, 3]) == [2, 5])
    }
}
