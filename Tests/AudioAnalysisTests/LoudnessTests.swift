import AnalysisResults
import Foundation
import Testing

@testable import AudioAnalysis

/// The loudness agent against libebur128's own figures for the same files and the EBU test signals.
@Suite struct LoudnessTests {
    /// ±0.1 LU integrated and ±0.3 LU LRA of libebur128 fed the same samples (the targets);
    /// peaks within 0.05 dB (the same library, so any gap is a layout or rounding mistake).
    static let integratedLU = 0.1, rangeLU = 0.3, peakDB = 0.05

    private func measure(_ url: URL) throws -> LoudnessAnalysis {
        let decoded = try SndFileDecoder().decode(url: url)
        guard
            case .loudness(let loudness)? = try LoudnessAgent().analyze(AnalysisContext(signal: decoded.signal, loudness: decoded.loudness))
                as AgentData?
        else { throw FixtureError.malformed(url.lastPathComponent) }
        return loudness
    }

    @Test func everyTonalFixtureMatchesLibebur128() throws {
        let entries = try TonalFixtures.manifest()
        #expect(entries.count >= 15)
        for entry in entries {
            let ours = try measure(TonalFixtures.url(entry.file))
            let reference = try #require(entry.reference["libebur128"] as? [String: Any], "\(entry)")
            func check(_ value: Double?, _ key: String, _ tolerance: Double) {
                guard let expected = (reference[key] as? NSNumber)?.doubleValue else { return }
                #expect(abs((value ?? .nan) - expected) <= tolerance, "\(entry) \(key): \(value ?? .nan) vs \(expected)")
            }
            check(ours.integratedLUFS, "integrated_lufs", Self.integratedLU)
            check(ours.loudnessRangeLU ?? 0, "loudness_range_lu", Self.rangeLU)
            check(ours.truePeakDBTP, "true_peak_dbtp", Self.peakDB)
            check(ours.samplePeakDBFS, "sample_peak_dbfs", Self.peakDB)
        }
    }

    /// EBU Tech 3341 cases 1 and 3 (I = −23 ± 0.1 LUFS) and Tech 3342 case 1 (LRA = 10 ± 1 LU).
    @Test func ebuTestSignalsMeetTheirExpectedValues() throws {
        for entry in try TonalFixtures.manifest() where entry.category == "loudness" {
            let expected = try #require(entry.truth["ebu_expected"] as? [String: Any])
            let ours = try measure(TonalFixtures.url(entry.file))
            if let integrated = (expected["integrated_lufs"] as? NSNumber)?.doubleValue {
                #expect(abs((ours.integratedLUFS ?? .nan) - integrated) <= 0.1, "\(entry)")
            }
            if let range = (expected["loudness_range_lu"] as? NSNumber)?.doubleValue {
                #expect(abs((ours.loudnessRangeLU ?? .nan) - range) <= 1, "\(entry)")
            }
        }
    }

    @Test func silenceHasNullsAndNoNaN() throws {
        let ours = try measure(Fixtures.url("silence.wav"))
        #expect(ours.integratedLUFS == nil && ours.truePeakDBTP == nil && ours.samplePeakDBFS == nil)
        #expect(ours.momentaryMaxLUFS == nil && ours.shortTermMaxLUFS == nil)
        #expect(ours.interpretation == "silent: no measurable loudness")
        let json = try String(decoding: JSONEncoder().encode(ours), as: UTF8.self)
        #expect(json.contains("\"integrated_lufs\":null") && !json.contains("NaN") && !json.contains("inf"))
    }

    /// One click in a second of silence: peaks exist; a second is too short for a short-term window or a range.
    @Test func singleClickInOneSecondGivesPeaksButNoRange() throws {
        var samples = [Float](repeating: 0, count: 48_000)
        for i in 0..<480 { samples[24_000 + i] = Float(0.9 * sin(2 * Double.pi * 1000 * Double(i) / 48_000) * exp(-Double(i) / 240)) }
        let meter = try LoudnessMeter(channels: 1, sampleRate: 48_000)
        try samples.withUnsafeBufferPointer { try meter.add(#require($0.baseAddress), frames: samples.count) }
        let ours = LoudnessAnalysis(meter.measurement(), durationSeconds: 1)
        let peak = Double(samples.map(abs).max() ?? 0)
        #expect(ours.samplePeakDBFS.map { abs($0 - 20 * log10(peak)) < 0.01 } == true)
        #expect((ours.truePeakDBTP ?? -.infinity) >= (ours.samplePeakDBFS ?? .infinity))
        #expect(ours.loudnessRangeLU == nil && ours.shortTermMaxLUFS == nil)
        #expect(ours.shortTermLUFS.allSatisfy { $0 == nil })
        #expect(ours.momentaryMaxLUFS != nil)
    }

    /// The curve for the page: at most 1,000 points, whole 100 ms steps per point, null before 3 s.
    @Test func shortTermCurveIsThinnedToAThousandPoints() {
        let steps = 18_000  // 30 minutes of readings
        let measurement = LoudnessMeasurement(
            integratedLUFS: -14, loudnessRangeLU: 6, truePeakDBTP: -1.5, samplePeakDBFS: -2, momentaryMaxLUFS: -8,
            shortTermMaxLUFS: -10, shortTermLUFS: (0..<steps).map { Float(-20 + ($0 % 100 == 0 ? 10 : 0)) },
            shortTermStartSeconds: 3, shortTermStepSeconds: 0.1)
        let curve = LoudnessAnalysis(measurement, durationSeconds: 1803)
        #expect(curve.shortTermLUFS.count <= LoudnessAnalysis.maxCurvePoints)
        #expect(abs(curve.shortTermIntervalSeconds - 1.9) < 1e-9)
        #expect(curve.shortTermLUFS.first == .some(nil))
        #expect(curve.shortTermLUFS.compactMap { $0 }.max() == -10)
        #expect(
            curve.interpretation == "at the −14 LUFS streaming target; true peak above −1 dBTP may clip after lossy encoding"
                || curve.interpretation == "at the −14 LUFS streaming target")
    }

    @Test(arguments: [
        (
            -9.8, 0.3,
            "loud: 4.2 LU above the −14 LUFS streaming target (streaming services will turn it down); true peak above −1 dBTP may clip after lossy encoding"
        ),
        (-14.4, -1.5, "at the −14 LUFS streaming target"),
        (-18.2, -3.0, "between the −23 LUFS broadcast and −14 LUFS streaming targets"),
        (-23.0, -20.0, "at the −23 LUFS broadcast target"),
        (-30.0, -12.0, "quiet: 7.0 LU below the −23 LUFS broadcast target"),
    ])
    func interpretationNamesTheNearestTarget(integrated: Double, peak: Double, text: String) {
        #expect(LoudnessReading.interpretation(integratedLUFS: integrated, truePeakDBTP: peak) == text)
    }

    /// A mono signal alone (no original-rate audio) is a clear error, not a wrong figure.
    @Test func monoSignalAloneIsAClearError() {
        let report = AnalysisRunner(agents: [LoudnessAgent()]).run(AudioSignal(samples: Synthetic.sine(hz: 440, seconds: 1)))
        #expect(report.result("loudness")?.error == "Loudness needs the decoded file at its original rate")
    }
}
