import Testing

@testable import AudioAnalysis

@Suite struct TemporalFeaturesTests {
    /// `librosa.feature.zero_crossing_rate` of a pattern with sub-threshold values (librosa 0.11.0).
    @Test func zeroCrossingRateMatchesLibrosa() {
        let pattern: [Float] = [1, -1, 1, 1, -1, 0, 0, 1e-11, -1e-11, -1]
        let y = Array((0..<300).map { _ in pattern }.joined())
        let zcr = y.withUnsafeBufferPointer { TemporalFeatures.zeroCrossingRate(y: $0) }
        let expected = [0.2998046875, 0.4501953125, 0.599609375, 0.59912109375]
        for (a, b) in zip(zcr, expected) { #expect(abs(a - b) < 1e-12) }
    }

    @Test func rmsOfConstantSignal() {
        let y = [Float](repeating: 0.5, count: 8192)
        let rms = y.withUnsafeBufferPointer { TemporalFeatures.rms(y: $0) }
        #expect(rms.count == 17)
        #expect(abs(rms[0] - 0.5 * (1024.0 / 2048).squareRoot()) < 1e-6)
        #expect(abs(rms[8] - 0.5) < 1e-6)
    }

    @Test func splitFindsTheToneBetweenSilences() {
        let y = [Float](repeating: 0, count: 22_050) + Synthetic.sine(hz: 440, seconds: 1) + [Float](repeating: 0, count: 22_050)
        let intervals = y.withUnsafeBufferPointer { Effects.split(y: $0, topDb: 30) }
        #expect(intervals.count == 1)
        // Frames are 2048 wide, so edges land within one frame of the tone.
        #expect(abs(intervals[0].lowerBound - 22_050) <= 2048 && abs(intervals[0].upperBound - 44_100) <= 2048)
    }

    @Test func silenceIsOneNonSilentInterval() {
        let y = [Float](repeating: 0, count: 10_000)
        #expect(y.withUnsafeBufferPointer { Effects.split(y: $0, topDb: 30) } == [0..<10_000])
    }

    @Test func preemphasisUsesLibrosasInitialState() {
        let y: [Float] = [0.5, 0.1, 0, 0, 0, 0, 0, 0]
        // First output 3·0.5 − 0.1 = 1.4 beats every later one.
        let peaks = y.withUnsafeBufferPointer { Effects.preemphasisArgmax(y: $0, prefixLength: 2) }
        #expect(peaks.prefix == 0 && peaks.whole == 0)
    }
}
