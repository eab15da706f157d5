import AudioAnalysis
import Foundation

/// Times every accuracy-set fixture and prints our times beside librosa's.
struct Benchmark {
    let directory: URL
    let runs: Int
    let librosaTimes: LibrosaTimes?

    struct Entry: Decodable {
        let file: String
        let category: String
        let decodable: Bool
        let expected_error: Bool
        let load_wall_time_s: Double?
        let analysis_wall_time_s: Double?
    }

    struct Manifest: Decodable {
        let files: [Entry]
    }

    func run() throws {
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: directory.appendingPathComponent("manifest.json")))
        let source = librosaTimes == nil ? "manifest.json (librosa warm times)" : "librosa timed in this run"
        print("Analysis benchmark: median of \(runs) runs, single thread; librosa from \(source)")
        print(Self.header)
        var failures: [String] = []
        for entry in manifest.files where entry.decodable && !entry.expected_error {
            let url = directory.appendingPathComponent(entry.file)
            let librosa = librosaTimes?.times[entry.file] ?? (entry.load_wall_time_s ?? .nan, entry.analysis_wall_time_s ?? .nan)
            let row = try measure(url, librosaLoad: librosa.load, librosaAnalysis: librosa.analysis)
            print(row.line(entry.file))
            if entry.category == "music" { failures += row.goalFailures(entry.file) }
        }
        try primeLength()
        try NewAgentsBenchmark(audioDirectory: directory, runs: runs).run()
        print(
            failures.isEmpty
                ? "Goals met on every music file (analysis >= 15x, load >= 1x, end to end >= 5x)."
                : "Goals missed:\n  " + failures.joined(separator: "\n  "))
    }

    /// librosa's load and its three agents against ours: the decoder without the loudness meter
    /// (librosa's load measures none) and the spectral, temporal and rhythm agents.
    private func measure(_ url: URL, librosaLoad: Double, librosaAnalysis: Double) throws -> Row {
        let decoder = SndFileDecoder(options: DecoderOptions(measureLoudness: false))
        var decoded = try decoder.decode(url: url)
        let load = try Measurement.median(runs: runs) { decoded = try decoder.decode(url: url) }
        let runner = try AnalysisRunner(agents: AnalysisAgents.select(Self.librosaAgents))
        _ = runner.run(decoded.signal)
        let analysis = Measurement.median(runs: runs) { _ = runner.run(decoded.signal) }
        return Row(load: load, analysis: analysis, librosaLoad: librosaLoad, librosaAnalysis: librosaAnalysis)
    }

    /// A synthetic input whose length in samples is prime: the whole-signal FFT's worst case.
    private func primeLength() throws {
        var n = 330_751
        while !Self.isPrime(n) { n += 1 }
        var state: UInt32 = 7
        let samples = (0..<n).map { i -> Float in
            state = state &* 1_664_525 &+ 1_013_904_223
            return 0.3 * Float(sin(Double(i) * 0.0627)) + Float(Int32(bitPattern: state)) / 2e10
        }
        let signal = AudioSignal(samples: samples)
        let runner = try AnalysisRunner(agents: AnalysisAgents.select(Self.librosaAgents))
        _ = runner.run(signal)
        let time = Measurement.median(runs: runs) { _ = runner.run(signal) }
        print(String(format: "prime length: %d samples (%.2f s), analysis %.2f ms", n, Double(n) / 22_050, time * 1000))
    }

    /// The agents librosa's timings in manifest.json cover.
    static let librosaAgents = ["spectral", "temporal", "rhythm"]

    static func isPrime(_ n: Int) -> Bool {
        guard n > 1 else { return false }
        var d = 2
        while d * d <= n {
            if n % d == 0 { return false }
            d += 1
        }
        return true
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }

    static let header = pad("file", 34) + "   load ms   librosa   speed |  analysis   librosa   speed |    e2e ms   speed"

    struct Row {
        let load, analysis, librosaLoad, librosaAnalysis: Double

        var loadSpeedup: Double { librosaLoad / load }
        var analysisSpeedup: Double { librosaAnalysis / analysis }
        var endToEndSpeedup: Double { (librosaLoad + librosaAnalysis) / (load + analysis) }

        func line(_ file: String) -> String {
            Benchmark.pad(file, 34)
                + String(
                    format: " %9.2f %9.2f %6.1fx | %9.2f %9.2f %6.1fx | %9.2f %6.1fx",
                    load * 1000, librosaLoad * 1000, loadSpeedup, analysis * 1000, librosaAnalysis * 1000,
                    analysisSpeedup, (load + analysis) * 1000, endToEndSpeedup
                )
        }

        func goalFailures(_ file: String) -> [String] {
            var failures: [String] = []
            if analysisSpeedup < 15 { failures.append(file + String(format: ": analysis %.1fx < 15x", analysisSpeedup)) }
            if loadSpeedup < 1 { failures.append(file + String(format: ": load %.2fx < 1x", loadSpeedup)) }
            if endToEndSpeedup < 5 { failures.append(file + String(format: ": end to end %.1fx < 5x", endToEndSpeedup)) }
            return failures
        }
    }
}
