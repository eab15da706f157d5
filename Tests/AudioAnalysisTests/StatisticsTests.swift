import Foundation
import Testing

@testable import AudioAnalysis

@Suite struct StatisticsTests {
    @Test func medianMatchesNumpy() {
        var odd: [Double] = [5, 1, 4, 2, 3]
        var even: [Double] = [4, 1, 3, 2]
        var ties: [Double] = [1, 1, 1, 2, 2, 2]
        #expect(Statistics.median(&odd) == 3 && Statistics.median(&even) == 2.5 && Statistics.median(&ties) == 1.5)
    }

    @Test func populationStatistics() {
        #expect(Statistics.mean([1.0, 2, 3, 4]) == 2.5)
        #expect(abs(Statistics.std([1.0, 2, 3, 4]) - 1.118033988749895) < 1e-15)
        #expect(Statistics.std([Double]()) == 0)
    }

    @Test func waveformPeaksPerBucket() throws {
        let peaks = try WaveformPeaks(samples: [0, 1, -1, 0.5, -0.25, 0.25], buckets: 3)
        #expect(peaks.min == [0, -1, -0.25] && peaks.max == [1, 0.5, 0.25])
        #expect(throws: AnalysisError.invalidParameter(name: "buckets", value: "0")) { try WaveformPeaks(samples: [], buckets: 0) }
    }
}

@Suite struct SampleSummaryTests {
    @Test func summaryMatchesDirectStatistics() {
        let y: [Float] = (0..<5001).map { Float(sin(Double($0) * 0.37)) * 0.8 - 0.1 } + [-0.95, 0.97, 0]
        let s = y.withUnsafeBufferPointer { Statistics.summary($0) }
        #expect(s.min == Double(Float(-0.95)) && s.max == Double(Float(0.97)))
        // Float32 lanes sum blocks of 1024 samples: ~1e-7 relative.
        #expect(abs(s.mean - Statistics.mean(y)) < 1e-6 && abs(s.std - Statistics.std(y)) < 1e-6)
    }
}
