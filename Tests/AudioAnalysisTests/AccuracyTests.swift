import AudioAnalysis
import Foundation
import Testing

/// Our analysis against librosa's reference JSON over the accuracy set (ANALYSIS.md).
/// Run in release (`swift test -c release`): debug DSP loops are 10–50× slower.
@Suite struct AccuracyTests {
    @Test(arguments: try Fixtures.accuracySet())
    func matchesLibrosaWithinTolerance(_ entry: ManifestEntry) throws {
        let reference = try Fixtures.reference(entry)
        let ours = try Analysed(entry)
        var comparison = ReferenceComparison()
        for agent in ["spectral", "temporal", "rhythm"] {
            let silent = ours.number("temporal", "amplitude", "peak_to_peak") == 0
            comparison.compare(ours: ours.json[agent], reference: reference[agent] ?? [:], path: agent, silent: silent)
        }
        #expect(comparison.checkedKeys > 40)
        #expect(comparison.failures.isEmpty, "\(entry.file):\n\(comparison.failures.joined(separator: "\n"))")
        for key in ["beat_times", "onset_times"] {
            let f = ReferenceComparison.fMeasure(ours.numbers("rhythm", key), reference.numbers("rhythm", key))
            #expect(f >= Tolerance.minimumFMeasure, "\(entry.file) \(key) F-measure \(f)")
        }
    }

    @Test func meterAndUpbeatAgreeOnNinetyPercent() throws {
        let entries = try Fixtures.accuracySet()
        var agreeing = 0
        for entry in entries {
            let reference = try Fixtures.reference(entry)
            let ours = try Analysed(entry)
            let rhythm = ours.json["rhythm"] as? [String: Any] ?? [:]
            let same =
                rhythm.string("time_signature") == reference.string("rhythm", "time_signature")
                && rhythm.string("upbeat") == reference.string("rhythm", "upbeat")
            agreeing += same ? 1 : 0
        }
        #expect(Double(agreeing) >= Tolerance.heuristicAgreement * Double(entries.count), "\(agreeing)/\(entries.count)")
    }

    /// Where the manifest knows the truth, our error may exceed librosa's by one frame or 0.5 %.
    @Test(arguments: try Fixtures.accuracySet().filter { $0.groundTruth?.tempoBpm != nil || $0.groundTruth?.fundamentalHz != nil })
    func groundTruthErrorWithinLibrosas(_ entry: ManifestEntry) throws {
        let reference = try Fixtures.reference(entry)
        let ours = try Analysed(entry)
        guard let truth = entry.groundTruth else { return }
        if let bpm = truth.tempoBpm, let mine = ours.number("rhythm", "tempo_bpm"), let theirs = reference.number("rhythm", "tempo_bpm") {
            let (ourError, librosaError) = (abs(mine - bpm) / bpm, abs(theirs - bpm) / bpm)
            print("\(entry.file): tempo error ours \(percent(ourError)) librosa \(percent(librosaError))")
            #expect(ourError <= librosaError + Tolerance.groundTruthRelative)
        }
        if let beats = truth.beatTimesS, !beats.isEmpty {
            let mine = beatError(ours.numbers("rhythm", "beat_times"), truth: beats)
            let theirs = beatError(reference.numbers("rhythm", "beat_times"), truth: beats)
            print("\(entry.file): mean beat error ours \(ms(mine)) librosa \(ms(theirs))")
            #expect(mine <= theirs + Tolerance.groundTruthFrameSeconds)
        }
        if let hz = truth.fundamentalHz {
            let mine =
                ours.json["spectral"].flatMap { ($0 as? [String: Any])?["dominant_frequencies"] as? [[String: Any]] }?
                .first?["frequency_hz"] as? NSNumber
            let librosaTop =
                ((reference["spectral"] as? [String: Any])?["dominant_frequencies"] as? [[String: Any]])?
                .first?["frequency_hz"] as? NSNumber
            let ourError = abs((mine?.doubleValue ?? 0) - hz)
            let librosaError = abs((librosaTop?.doubleValue ?? 0) - hz)
            print("\(entry.file): fundamental error ours \(ourError) Hz librosa \(librosaError) Hz")
            #expect(ourError <= librosaError + Tolerance.groundTruthRelative * hz)
        }
    }

    /// Mean distance from each detected beat to the nearest true beat, in seconds (∞ with no beats).
    private func beatError(_ detected: [Double], truth: [Double]) -> Double {
        guard !detected.isEmpty else { return .infinity }
        let distances = detected.map { d in truth.map { abs($0 - d) }.min() ?? .infinity }
        return distances.reduce(0, +) / Double(distances.count)
    }

    private func percent(_ x: Double) -> String { String(format: "%.2f %%", 100 * x) }
    private func ms(_ x: Double) -> String { x.isFinite ? String(format: "%.1f ms", 1000 * x) : "no beats" }
}
