// bench-analysis: our decode and analysis times beside librosa's, per fixture file.
//
//   bench-analysis [--fixtures DIR] [--librosa-times FILE] [--runs N]
//   bench-analysis --rss FILE        decode + analyse once, print peak RSS (used by the RSS check)
//   bench-analysis --once FILE       decode + analyse once (used under callgrind)
//   bench-analysis --warm FILE       decode, analyse twice; the second run is in `warmRun`
//                                    (callgrind --collect-atstart=no --toggle-collect='*warmRun*')
//   bench-analysis --write-long FILE SECONDS   write a stereo 44.1 kHz WAV for the RSS check
//   bench-analysis --new-agents [--fixtures DIR] [--runs N]   only the loudness and tonal costs and the key score
import AudioAnalysis
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())

func value(_ flag: String) -> String? {
    arguments.firstIndex(of: flag).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
}

do {
    if let file = value("--write-long") {
        let seconds = arguments.last.flatMap(Int.init) ?? 600
        try LongSignal.write(to: URL(fileURLWithPath: file), seconds: seconds)
    } else if let file = value("--warm") {
        let decoded = try SndFileDecoder().decode(url: URL(fileURLWithPath: file))
        _ = AnalysisRunner().run(decoded)
        Measurement.warmRun(decoded)
    } else if let file = value("--once") {
        _ = try Measurement.analyseOnce(URL(fileURLWithPath: file))
    } else if let file = value("--rss") {
        let samples = try Measurement.analyseOnce(URL(fileURLWithPath: file))
        print("samples \(samples) peak_rss_kb \(Measurement.peakRSSKilobytes())")
    } else {
        let fixtures = value("--fixtures") ?? ProcessInfo.processInfo.environment["FIXTURES_DIR"].map { $0 + "/audio" }
        guard let fixtures else {
            FileHandle.standardError.write(Data("bench-analysis: set FIXTURES_DIR or pass --fixtures DIR\n".utf8))
            exit(2)
        }
        let runs = value("--runs").flatMap(Int.init) ?? 5
        if arguments.contains("--new-agents") {
            try NewAgentsBenchmark(audioDirectory: URL(fileURLWithPath: fixtures), runs: runs).run()
            exit(0)
        }
        let librosa = try value("--librosa-times").map { try LibrosaTimes(contentsOf: URL(fileURLWithPath: $0)) }
        try Benchmark(directory: URL(fileURLWithPath: fixtures), runs: runs, librosaTimes: librosa).run()
    }
} catch {
    FileHandle.standardError.write(Data("bench-analysis: \(error)\n".utf8))
    exit(1)
}
