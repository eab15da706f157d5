import Foundation
import Testing

@testable import AudioAnalysis

@Suite struct TempogramTests {
    /// The sliding computation against the definition: per frame, a Hann-windowed
    /// autocorrelation divided by its largest magnitude, averaged over frames. The
    /// envelope is long enough to cross a re-anchor and holds a silent stretch
    /// longer than the window (whose frames must add exactly zero).
    @Test func slidingSumsMatchDirectAutocorrelation() {
        var state: UInt64 = 99
        var envelope = (0..<1300).map { _ -> Double in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 40) / Double(1 << 24)
        }
        for i in 500..<600 { envelope[i] = 0 }
        let winLength = 16
        let padded = Tempogram.linearRampPadded(envelope, width: winLength / 2)
        let ours = Tempogram.slidingMeanTempogram(padded, frames: envelope.count, winLength: winLength)
        let direct = directMeanTempogram(envelope, winLength: winLength)
        for k in 0..<winLength { #expect(abs(ours[k] - direct[k]) < 1e-9, "lag \(k)") }
    }

    /// A faint onset right after digital silence: windows that just touch it
    /// have enormous scales; those frames are computed one by one, the rest by FFT.
    @Test func faintOnsetAfterSilenceIsComputedFrameByFrame() throws {
        var state: UInt64 = 5
        var envelope = (0..<900).map { _ -> Double in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 40) / Double(1 << 24)
        }
        for i in 300..<500 { envelope[i] = 0 }
        envelope[500] = 1e-6
        let winLength = 32
        let padded = Tempogram.linearRampPadded(envelope, width: winLength / 2)
        let mixed = try #require(AutocorrelationSum.meanNormalised(padded, frames: envelope.count, winLength: winLength))
        let chosen = Tempogram.meanTempogram(onsetEnvelope: envelope, winLength: winLength)
        #expect(mixed == chosen)
        let direct = directMeanTempogram(envelope, winLength: winLength)
        for k in 0..<winLength { #expect(abs(chosen[k] - direct[k]) < 1e-9, "lag \(k)") }
    }

    /// The FFT path against the definition, for even and odd windows and an
    /// envelope shorter than the window.
    @Test(arguments: [(1300, 64), (700, 45), (40, 96)])
    func correlationSumsMatchDirectAutocorrelation(_ frames: Int, _ winLength: Int) throws {
        var state: UInt64 = 7
        let envelope = (0..<frames).map { i -> Double in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 40) / Double(1 << 24) + (i % 9 == 0 ? 2 : 0)
        }
        let padded = Tempogram.linearRampPadded(envelope, width: winLength / 2)
        let ours = try #require(AutocorrelationSum.meanNormalised(padded, frames: frames, winLength: winLength))
        let direct = directMeanTempogram(envelope, winLength: winLength)
        for k in 0..<winLength { #expect(abs(ours[k] - direct[k]) < 1e-10, "lag \(k)") }
    }

    private func directMeanTempogram(_ envelope: [Double], winLength n: Int) -> [Double] {
        let padded = Tempogram.linearRampPadded(envelope, width: n / 2)
        let window = Window.hann(n)
        var sum = [Double](repeating: 0, count: n)
        var u = [Double](repeating: 0, count: n)
        var r = [Double](repeating: 0, count: n)
        for t in 0..<envelope.count {
            for j in 0..<n { u[j] = padded[t + j] * window[j] }
            var peak: Double = 0
            for k in 0..<n {
                var s: Double = 0
                for j in 0..<(n - k) { s += u[j] * u[j + k] }
                r[k] = s
                peak = max(peak, abs(s))
            }
            let scale = peak < Double.leastNormalMagnitude ? 1 : 1 / peak
            for k in 0..<n { sum[k] += r[k] * scale }
        }
        return sum.map { $0 / Double(envelope.count) }
    }
}
