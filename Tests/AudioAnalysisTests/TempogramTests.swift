@testable import AudioAnalysis
import Foundation
import Testing

@Suite struct TempogramTests {
    /// The sliding computation against the definition: per frame, a Hann-windowed
    /// autocorrelation divided by its largest magnitude, averaged over frames. The
    /// envelope is long enough to cross a re-anchor and holds a silent stretch
    /// longer than the window (whose frames must add exactly zero).
    @Test func slidingSumsMatchDirectAutocorrelation() {
        var state: UInt64 = 99
        var envelope = (0..<1300).map { _ -> Double in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 40) / Double(1 << 24)
        }
        for i in 500..<600 { envelope[i] = 0 }
        let winLength = 16
        let ours = Tempogram.meanTempogram(onsetEnvelope: envelope, winLength: winLength)
        let direct = directMeanTempogram(envelope, winLength: winLength)
        for k in 0..<winLength { #expect(abs(ours[k] - direct[k]) < 1e-9, "lag \(k)") }
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
