import AudioAnalysis
import Foundation

/// Timing and memory helpers.
enum Measurement {
    /// Median wall time in seconds of `runs` calls of `body`.
    static func median(runs: Int, _ body: () throws -> Void) rethrows -> Double {
        var times: [Double] = []
        for _ in 0..<max(1, runs) {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        times.sort()
        return times[times.count / 2]
    }

    /// Decodes and analyses `url` once; returns the decoded sample count.
    static func analyseOnce(_ url: URL) throws -> Int {
        let decoded = try SndFileDecoder(options: DecoderOptions(maxSeconds: 3600)).decode(url: url)
        let report = AnalysisRunner().run(decoded)
        guard report.results.allSatisfy(\.success) else { throw BenchError.analysisFailed(url.lastPathComponent) }
        return decoded.signal.samples.count
    }

    /// One analysis after a warm-up, in its own function so callgrind can collect just this.
    @inline(never)
    static func warmRun(_ decoded: DecodedAudio) {
        _ = AnalysisRunner().run(decoded)
    }

    /// Peak resident set size of this process in kB (`getrusage` ru_maxrss).
    static func peakRSSKilobytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss)
    }
}

enum BenchError: Error, CustomStringConvertible {
    case analysisFailed(String)
    case badTimesFile
    case cannotWrite(String)

    var description: String {
        switch self {
        case .analysisFailed(let file): "analysis failed for \(file)"
        case .badTimesFile: "librosa times file is not {file: {load, analysis}}"
        case .cannotWrite(let path): "cannot write \(path)"
        }
    }
}

/// librosa times measured in this run (BENCH_LIBROSA=1): `{file: {"load": s, "analysis": s}}`.
struct LibrosaTimes {
    let times: [String: (load: Double, analysis: Double)]

    init(contentsOf url: URL) throws {
        guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: [String: Double]] else {
            throw BenchError.badTimesFile
        }
        times = object.compactMapValues { entry in
            guard let load = entry["load"], let analysis = entry["analysis"] else { return nil }
            return (load, analysis)
        }
    }
}
