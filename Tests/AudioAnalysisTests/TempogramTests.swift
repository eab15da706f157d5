@testable import AudioAnalysis
import Foundation
import Testing

@Suite struct TempogramTests {
    /// The sliding computation against the definition: per frame, a Hann-windowed
    /// autocorrelation divided by its largest magnitude, averaged over frames. The
    /// envelope is long enough to cross two re-anchors and holds a silent stretch
    /// longer than the window (whose frames must add exactly zero).
    @Test func slidingSumsMatchDirectAutocorrelation() {
        var state: UInt64 = 99
        var envelope = (0..<2500).map { _ -> Double in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 40) / Double(1 << 24)
        }
        for i in 1000..<1100 { envelope[i] = 0 }
        let winLength = 32
        let ours = Tempogram.meanTempogram(onsetEnvelope: envelope, winLength: winLength)
        let direct = directMeanTempogram(envelope, winLength: winLength)
        for k in 0..<winLength { #expect(abs(ours[k] - direct[k]) < 1e-9, "lag \(k)") }
    }

    private func directMeanTempogram(_ envelope: [Double], winLength n: Int) -> [Double] {
        let padded = Tempogram.linearRampPadded(envelope, width: n / 2)
        let window = Window.hann(n)
        var sum = [Double](repeating: 0, count: n)
        for t in 0..<envelope.count {
            let u = (0..<n).map { padded[t + $0] * window[$0] }
            let r = (0..<n).map { k in (0..<(n - k)).reduce(0) { $0 + u[$1] * u[$1 + k] } }
            let peak = r.map(abs).max() ?? 0
            let scale = peak < Double.leastNormalMagnitude ? 1 : 1 / peak
            for k in 0..<n { sum[k] += r[k] * scale }
        }
        return sum.map { $0 / Double(envelope.count) }
    }
}
