internal import AnalysisResults
internal import Foundation

extension LoudnessAnalysis {
    /// Rounds the measurement for people and thins the short-term series to at most `maxCurvePoints`.
    /// - Parameters:
    ///   - measurement: the meter's reading.
    ///   - durationSeconds: the file's length, seconds.
    init(_ measurement: LoudnessMeasurement, durationSeconds: Double) {
        let integrated = measurement.integratedLUFS.map(Self.rounded)
        let truePeak = measurement.truePeakDBTP.map(Self.rounded)
        let (interval, curve) = Self.curve(measurement, durationSeconds: durationSeconds)
        self.init(
            integratedLUFS: integrated, loudnessRangeLU: measurement.loudnessRangeLU.map(Self.rounded),
            truePeakDBTP: truePeak, samplePeakDBFS: measurement.samplePeakDBFS.map(Self.rounded),
            momentaryMaxLUFS: measurement.momentaryMaxLUFS.map(Self.rounded),
            shortTermMaxLUFS: measurement.shortTermMaxLUFS.map(Self.rounded),
            interpretation: LoudnessReading.interpretation(integratedLUFS: integrated, truePeakDBTP: truePeak),
            shortTermIntervalSeconds: interval, shortTermLUFS: curve)
    }

    /// Three decimals: a thousandth of a dB is far below what anyone hears or meters show,
    /// and it keeps rounding noise such as an LRA of 4e-14 LU out of the JSON.
    private static func rounded(_ value: Double) -> Double {
        let r = (value * 1000).rounded() / 1000
        return r == 0 ? 0 : r
    }

    private static func curve(_ m: LoudnessMeasurement, durationSeconds: Double) -> (Double, [Double?]) {
        let step = m.shortTermStepSeconds
        guard durationSeconds > 0, step > 0 else { return (step, []) }
        // Whole 100 ms steps per bucket, so every bucket spans the same number of readings.
        let steps = Int((durationSeconds / step).rounded(.up))
        let perBucket = max(1, (steps + maxCurvePoints - 1) / maxCurvePoints)
        let interval = Double(perBucket) * step
        let buckets = max(1, (steps + perBucket - 1) / perBucket)
        var curve = [Double?](repeating: nil, count: buckets)
        for (i, value) in m.shortTermLUFS.enumerated() where value.isFinite {
            let end = m.shortTermStartSeconds + Double(i) * step
            let bucket = min(buckets - 1, Int((end / interval + 1e-9).rounded(.down)))
            curve[bucket] = max(curve[bucket] ?? -.infinity, rounded(Double(value)))
        }
        return (interval, curve)
    }
}
