import AnalysisResults
import AudioAnalysis
import Database
import Foundation
import Logging

/// Analyses a sketchbook fragment (API.md "Sketchbook fragments") and stores
/// its dimensions, descriptors and raw data, through the job's lease.
struct FragmentAnalyzer: Sendable {
    let services: AppServices
    let decoder: SndFileDecoder
    let executor: BlockingExecutor

    func analyze(_ id: UUID, job: JobContext) async throws {
        guard let fragment = try await services.fragments.get(id: id), fragment.status != .complete else { return }
        _ = try await job.write { tx in try await FragmentStore(database: tx).markProcessing(id: id, at: Date()) }
        let outcome: Result<Data, any Error>
        do {
            // A storage failure other than a missing file throws: the job is retried after a backoff.
            outcome = try await services.media.withLocalFile(fragment.audioPath) { url in
                await executor.run { () -> Result<Data, any Error> in
                    Result {
                        let decoded = try decoder.decode(url: url)
                        return try FragmentResult(report: AnalysisRunner().run(decoded)).json()
                    }
                }
            }
        } catch MediaStoreError.missing {
            try await giveUp(id, "Audio file is missing", job: job)
            return
        }
        switch outcome {
        case .success(let result):
            _ = try await job.finish(.done) { tx in
                try await FragmentStore(database: tx).complete(id: id, modelVersion: AppVersion.current, result: result, at: Date())
            }
        case .failure(let error):
            services.logger.analysisFailed(error, metadata: ["fragment_id": "\(id.lowercasedString)"])
            services.metrics.analysisFailed(reason: (error as? AnalysisError)?.code ?? "other")
            let message = (error as? AnalysisError)?.description ?? (error as? FragmentResult.Missing)?.description ?? "Analysis failed"
            try await giveUp(id, message, job: job)
        }
    }

    /// Fails the fragment for good (its input cannot be analysed), finishing the job with it.
    private func giveUp(_ id: UUID, _ message: String, job: JobContext) async throws {
        _ = try await job.finish(.failed(message)) { tx in
            try await FragmentStore(database: tx).fail(id: id, error: message, at: Date())
        }
    }
}

/// A fragment's stored result: `dimensions`, `descriptors` and `raw_data`.
struct FragmentResult: Encodable {
    struct Dimensions: Encodable {
        let bpm: Double
        let time_signature: String
        let swing: Double
        let steadiness: Double
        let upbeat: Bool
        /// `"A minor"`; null when the tonal agent found no key or failed.
        let key: String?
        /// Integrated loudness; null for silence or when the loudness agent failed.
        let loudness_lufs: Double?

        enum CodingKeys: String, CodingKey {
            case bpm, time_signature, swing, steadiness, upbeat, key, loudness_lufs
        }

        /// Every dimension, an unknown one as null (not omitted).
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(bpm, forKey: .bpm)
            try container.encode(time_signature, forKey: .time_signature)
            try container.encode(swing, forKey: .swing)
            try container.encode(steadiness, forKey: .steadiness)
            try container.encode(upbeat, forKey: .upbeat)
            try container.encode(key, forKey: .key)
            try container.encode(loudness_lufs, forKey: .loudness_lufs)
        }
    }

    struct RawData: Encodable {
        let beats: [Double]
        let onsets: [Double]
        let spectral_centroid_mean: Double?
        let rms_energy_mean: Double?
    }

    /// The rhythm agent failed: a fragment has no result without it.
    struct Missing: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    let dimensions: Dimensions
    let descriptors: [String]
    let raw_data: RawData

    init(report: AnalysisReport) throws {
        var rhythm: RhythmAnalysis?
        var spectral: SpectralAnalysis?
        var temporal: TemporalAnalysis?
        var loudness: LoudnessAnalysis?
        var tonal: TonalAnalysis?
        for result in report.results {
            switch result.data {
            case .rhythm(let value)?: rhythm = value
            case .spectral(let value)?: spectral = value
            case .temporal(let value)?: temporal = value
            case .loudness(let value)?: loudness = value
            case .tonal(let value)?: tonal = value
            case nil: continue
            }
        }
        guard let rhythm else {
            throw Missing(message: report.result(RhythmAgent().name)?.error ?? "Rhythm analysis failed")
        }
        dimensions = Dimensions(
            bpm: rhythm.tempoBpm, time_signature: rhythm.timeSignature, swing: rhythm.swing,
            steadiness: rhythm.steadiness, upbeat: rhythm.upbeat, key: tonal?.keyLabel,
            loudness_lufs: loudness?.integratedLUFS.map { ($0 * 10).rounded() / 10 })
        descriptors = Self.descriptors(dimensions)
        raw_data = RawData(
            beats: rhythm.beatTimes, onsets: rhythm.onsetTimes, spectral_centroid_mean: spectral?.spectralCentroid.mean,
            rms_energy_mean: temporal?.rmsEnergy.mean)
    }

    /// API.md's descriptor rules.
    static func descriptors(_ d: Dimensions) -> [String] {
        var words: [String] = []
        words.append(d.bpm > 140 ? "driving" : d.bpm < 90 ? "laid-back" : "moderate-tempo")
        if d.swing > 0.4 { words.append("swung") } else if d.swing < 0.1 { words.append("straight") }
        if d.steadiness > 0.8 { words.append("steady") } else if d.steadiness < 0.4 { words.append("loose") }
        if d.upbeat { words.append("upbeat-start") }
        return words
    }

    func json() throws -> Data { try JSONEncoder().encode(self) }
}
