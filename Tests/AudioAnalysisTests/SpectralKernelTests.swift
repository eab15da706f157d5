import Foundation
import Testing

@testable import AudioAnalysis

@Suite struct SpectralKernelTests {
    /// A pure sine: centroid and rolloff sit on its frequency, flatness near 0.
    @Test(arguments: [440.0, 1000.0, 3000.0])
    func sineAtKnownFrequency(_ hz: Double) {
        let y = Synthetic.sine(hz: hz, seconds: 2)
        let s = y.withUnsafeBufferPointer { Spectrogram(y: $0) }
        let middle = s.frameCount / 2
        #expect(abs(s.centroid[middle] - hz) < 5)
        #expect(abs(s.rolloff[middle] - hz) < 22050.0 / 2048 * 2)
        #expect(s.bandwidth[middle] < 50)
        #expect(s.flatness[middle] < 1e-3)
        let top = y.withUnsafeBufferPointer { DominantFrequencies.top(y: $0, sr: 22_050) }
        #expect(abs(top[0].frequencyHz - hz) <= 22_050 / Double(y.count))
    }

    @Test func whiteNoiseIsFlat() {
        var state: UInt64 = 42
        let y = (0..<22_050).map { _ -> Float in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int64(bitPattern: state >> 11) % 1_000_000) / 1_000_000 - 0.5
        }
        let s = y.withUnsafeBufferPointer { Spectrogram(y: $0) }
        #expect(s.flatness[s.frameCount / 2] > 0.3)
    }

    @Test func silentFramesFollowLibrosa() {
        let s = [Float](repeating: 0, count: 4096).withUnsafeBufferPointer { Spectrogram(y: $0) }
        #expect(s.centroid.allSatisfy { $0 == 0 } && s.rolloff.allSatisfy { $0 == 0 })
        // The geometric mean is a float32 product, good to ~1e-7.
        #expect(s.flatness.allSatisfy { abs($0 - 1) < 1e-6 })
    }

    @Test func primeLengthWholeSignalFFT() {
        let n = 22_051  // prime
        #expect(Synthetic.sine(hz: 1000, seconds: Double(n) / 22_050).count == n)
        let y = Synthetic.sine(hz: 1000, seconds: Double(n) / 22_050, amplitude: 1)
        let top = y.withUnsafeBufferPointer { DominantFrequencies.top(y: $0, sr: 22_050) }
        #expect(top.count == 5 && abs(top[0].frequencyHz - 1000) < 1)
    }
}
