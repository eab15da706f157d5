import AnalysisResults
import AudioAnalysis
import Foundation

/// The key estimator on the key-labelled renders: MIREX weighted score and what each miss was.
struct KeyScore {
    let tonalDirectory: URL

    private struct Manifest: Decodable {
        struct File: Decodable {
            struct Truth: Decodable { let key_label: String? }
            struct Reference: Decodable {
                struct Essentia: Decodable {
                    let key: String
                    let mode: String
                }
                let essentia_key: Essentia?
            }
            let file: String
            let category: String
            let truth: Truth
            let reference: Reference
        }
        let files: [File]
    }

    func report() throws {
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: tonalDirectory.appendingPathComponent("manifest.json")))
        var ours: [Double] = []
        var essentia: [Double] = []
        var misses: [String] = []
        for file in manifest.files where file.category == "key" {
            guard let truth = file.truth.key_label else { continue }
            let decoded = try SndFileDecoder().decode(url: tonalDirectory.appendingPathComponent(file.file))
            guard case .tonal(let tonal)? = AnalysisRunner(agents: [TonalAgent()]).run(decoded).results.first?.data else { continue }
            let estimate = tonal.keyLabel ?? "none"
            let score = KeyEvaluation.weightedScore(reference: truth, estimated: estimate)
            ours.append(score)
            if let e = file.reference.essentia_key {
                essentia.append(KeyEvaluation.weightedScore(reference: truth, estimated: "\(e.key) \(e.mode)"))
            }
            if score < 1 { misses.append("\(truth) → \(estimate) (\(score))") }
        }
        let mean = { (values: [Double]) in values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }
        print(
            String(
                format: "key: MIREX weighted score %.3f on %d renders (goal ≥ 0.9; essentia KeyExtractor %.3f)",
                mean(ours), ours.count, mean(essentia)))
        if !misses.isEmpty { print("  misses: " + misses.joined(separator: "; ")) }
    }
}
