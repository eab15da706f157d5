import Testing

@testable import AudioAnalysis

@Suite struct MelFilterbankTests {
    /// Values printed by `librosa.filters.mel(sr=22050, n_fft=2048)` (librosa 0.11.0).
    @Test func matchesLibrosaSlaneyWeights() {
        let mel = MelFilterbank()
        #expect(mel.bands.count == 128 && mel.binCount == 1025)
        #expect(mel.bands[0].firstBin == 1)
        let expected: [Float] = [0.016182852908968925, 0.03236570581793785, 0.028990088030695915, 0.01280723512172699]
        #expect(mel.bands[0].weights.count == expected.count)
        for (a, b) in zip(mel.bands[0].weights, expected) { #expect(abs(a - b) < 1e-7) }
        #expect(mel.bands[127].firstBin == 971 && mel.bands[127].weights.count == 1023 - 971 + 1)
        let total = mel.bands.reduce(Float(0)) { $0 + $1.weights.reduce(0, +) }
        #expect(abs(total - 11.886680603027344) < 1e-4)
    }

    @Test func melScaleRoundTrips() {
        for hz in [0.0, 440, 999.9, 1000, 4000, 11025] {
            #expect(abs(MelFilterbank.melToHz(MelFilterbank.hzToMel(hz)) - hz) < 1e-9)
        }
        #expect(abs(MelFilterbank.hzToMel(1000) - 15) < 1e-12)
    }
}
