import AudioAnalysis
import Foundation

/// The loudness and tonal agents: their cost per 15 s music file and the key estimator's accuracy.
struct NewAgentsBenchmark {
    let audioDirectory: URL
    let runs: Int

    /// Goals per 15 s music file on this machine.
    static let loudnessGoalMs = 3.0, tonalGoalMs = 3.0

    func run() throws {
        print("\nLoudness and tonal agents per 15 s music file (median of \(runs)):")
        print(Benchmark.pad("file", 34) + "  loudness ms  (decode with meter − without)   tonal ms  (3 agents + tonal − 3 agents)")
        var worst = (loudness: 0.0, tonal: 0.0)
        let music = try FileManager.default.contentsOfDirectory(atPath: audioDirectory.path)
            .filter { $0.hasPrefix("music_") && $0.hasSuffix(".flac") }.sorted()
        for file in music {
            let url = audioDirectory.appendingPathComponent(file)
            let (loudness, tonal) = try cost(url)
            worst = (max(worst.loudness, loudness), max(worst.tonal, tonal))
            print(Benchmark.pad(file, 34) + String(format: " %11.2f %43.2f", loudness * 1000, tonal * 1000))
        }
        print(
            String(
                format: "worst: loudness %.2f ms (goal ≤ %.0f), tonal %.2f ms (goal ≤ %.0f)",
                worst.loudness * 1000, Self.loudnessGoalMs, worst.tonal * 1000, Self.tonalGoalMs))
        try KeyScore(tonalDirectory: audioDirectory.deletingLastPathComponent().appendingPathComponent("tonal")).report()
    }

    /// Loudness is measured inside the decode pass, so its cost is the difference the meter makes there.
    private func cost(_ url: URL) throws -> (loudness: Double, tonal: Double) {
        let plain = SndFileDecoder(options: DecoderOptions(measureLoudness: false))
        let metered = SndFileDecoder()
        let decoded = try metered.decode(url: url)
        _ = try plain.decode(url: url)
        // Interleave the two so drift in machine load hits both alike.
        var with: [Double] = []
        var without: [Double] = []
        for _ in 0..<max(3, runs) {
            with.append(try Measurement.median(runs: 1) { _ = try metered.decode(url: url) })
            without.append(try Measurement.median(runs: 1) { _ = try plain.decode(url: url) })
        }
        let loudness = max(0, Self.median(with) - Self.median(without))
        // Tonal shares the STFT pass with the spectral and rhythm agents: its cost is what it adds to them.
        let classic = try AnalysisRunner(agents: AnalysisAgents.select(Benchmark.librosaAgents))
        let withTonal = try AnalysisRunner(agents: AnalysisAgents.select(Benchmark.librosaAgents + ["tonal"]))
        _ = withTonal.run(decoded)
        var plus: [Double] = []
        var base: [Double] = []
        for _ in 0..<max(3, runs) {
            plus.append(Measurement.median(runs: 1) { _ = withTonal.run(decoded) })
            base.append(Measurement.median(runs: 1) { _ = classic.run(decoded) })
        }
        return (loudness, max(0, Self.median(plus) - Self.median(base)))
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }
}
