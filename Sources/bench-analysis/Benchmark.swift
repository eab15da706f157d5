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
        print(failures.isEmpty ? "Goals met on every music file (analysis ≥ 15×, load ≥ 1×, end to end ≥ 5×)."
                               : "GOALS MISSED:\n  " + failures.joined(separator: "\n  "))
    }

    private func measure(_ url: URL, librosaLoad: Double, librosaAnalysis: Double) throws -> Row {
        let decoder = SndFileDecoder()
        var decoded = try decoder.decode(url: url)
        let load = try Measurement.median(runs: runs) { decoded = try decoder.decode(url: url) }
        let runner = AnalysisRunner()
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
        let runner = AnalysisRunner()
        _ = runner.run(signal)
        let time = Measurement.median(runs: runs) { _ = runner.run(signal) }
        print(String(format: "prime length: %d samples (%.2f s), analysis %.2f ms", n, Double(n) / 22_050, time * 1000))
    }

    static func isPrime(_ n: Int) -> Bool {
        guard n > 1 else { return false }
        var d = 2
        while d * d <= n {
            if n % d == 0 { return false }
            d += 1
        }
        return true
    }

    static let header = String(
        format: "%-34@ %9@ %9@ %7@ | %9@ %9@ %7@ | %9@ %7@", "file" as NSString, "load ms" as NSString,
        "librosa" as NSString, "×" as NSString, "analysis" as NSString, "librosa" as NSString, "×" as NSString,
        "e2e ms" as NSString, "×" as NSString
    )

    struct Row {
        let load, analysis, librosaLoad, librosaAnalysis: Double

        var loadSpeedup: Double { librosaLoad / load }
        var analysisSpeedup: Double { librosaAnalysis / analysis }
        var endToEndSpeedup: Double { (librosaLoad + librosaAnalysis) / (load + analysis) }

        func line(_ file: String) -> String {
            String(
                format: "%-34@ %9.2f %9.2f %7.1f | %9.2f %9.2f %7.1f | %9.2f %7.1f", file as NSString,
                load * 1000, librosaLoad * 1000, loadSpeedup, analysis * 1000, librosaAnalysis * 1000,
                analysisSpeedup, (load + analysis) * 1000, endToEndSpeedup
            )
        }

        func goalFailures(_ file: String) -> [String] {
            var failures: [String] = []
            if analysisSpeedup < 15 { failures.append(String(format: "%@: analysis %.1f× < 15×", file, analysisSpeedup)) }
            if loadSpeedup < 1 { failures.append(String(format: "%@: load %.2f× < 1×", file, loadSpeedup)) }
            if endToEndSpeedup < 5 { failures.append(String(format: "%@: end to end %.1f× < 5×", file, endToEndSpeedup)) }
            return failures
        }
    }
}
