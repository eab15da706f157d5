import AudioAnalysis
import Database
import Foundation
import Logging

/// Analyses one track: decode, run the agents with progress events, keep the
/// waveform peaks, store the result and announce each status change. Every
/// write goes through the job's lease, so a worker that lost it writes nothing.
struct TrackAnalyzer: Sendable {
    let services: AppServices
    let decoder: SndFileDecoder
    let executor: BlockingExecutor

    /// Peaks kept per track; `GET …/waveform/?points=N` (N ≤ 10000) is derived from them.
    static let storedPeaks = 10_000

    func analyze(_ id: UUID, job: JobContext) async throws {
        guard let track = try await services.tracks.get(id: id, scope: .all), track.status != .ready else { return }
        if let twin = try await services.tracks.findReady(sha256: track.sha256), twin.id != id {
            try await reuse(twin, for: track, job: job)
            return
        }
        try await announce(id, .analyzing, "Starting analysis...", job: job)
        let events = services.events
        let metrics = services.metrics
        let outcome: Result<AnalysisOutput, any Error>
        do {
            outcome = try await services.media.withLocalFile(track.mediaFilename) { url in
                await executor.run { () -> Result<AnalysisOutput, any Error> in
                    Result {
                        let decoded = try decoder.decode(url: url)
                        var started = ContinuousClock.now
                        let report = AnalysisRunner().run(decoded) { agent, state in
                            if state == .running {
                                started = .now
                            } else {
                                let elapsed = ContinuousClock.now - started
                                metrics.agentFinished(
                                    agent, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
                            }
                            // A taken-over job's progress belongs to its new worker.
                            if !job.isLost { events.publish(.progress(agent: agent, state: state.rawValue), for: id) }
                        }
                        return try AnalysisOutput(report: report, signal: decoded.signal)
                    }
                }
            }
        } catch MediaStoreError.missing {
            try await giveUp(id, "Audio file is missing", job: job)
            return
        }
        switch outcome {
        case .success(let output):
            let allFailed = output.report.results.allSatisfy { !$0.success }
            let (status, message) = allFailed ? (Track.Status.failed, "Every analysis agent failed") : (.ready, "Analysis complete")
            let spectrogram = try await storeSpectrogram(output.spectrogram, for: id)
            let saved = try await job.finish(allFailed ? .failed(message) : .done) { tx in
                try await TrackStore(database: tx).saveAnalysis(
                    id: id, analysis: output.analysis, waveform: output.waveform, spectrogramFilename: spectrogram,
                    analyzedAt: Date(), status: status, message: message)
            }
            if saved == true {
                events.publish(.status(status: status.rawValue, message: message), for: id)
            } else if let spectrogram, try await services.tracks.get(id: id, scope: .all) == nil {
                // The track was deleted while we worked. (Had the job only been taken over, the
                // file, named after the track, is the new worker's too: it stays.)
                await services.media.delete(spectrogram)
            }
        case .failure(let error):
            services.logger.analysisFailed(error, metadata: ["track_id": "\(id.lowercasedString)"])
            services.metrics.analysisFailed(reason: (error as? AnalysisError)?.code ?? "other")
            // The input cannot be analysed: another attempt would fail the same way.
            try await giveUp(id, (error as? AnalysisError)?.description ?? "Analysis failed", job: job)
        }
    }

    private func storeSpectrogram(_ png: [UInt8]?, for id: UUID) async throws -> String? {
        guard let png else { return nil }
        let name = id.lowercasedString + ".spectrogram.png"
        try await services.media.writeDerived(named: name, contents: png)
        return name
    }

    /// Same content analysed before: copy its results instead of recomputing.
    private func reuse(_ twin: Track, for track: Track, job: JobContext) async throws {
        var spectrogram: String?
        if let twinImage = twin.spectrogramFilename, let png = await services.media.read(twinImage) {
            spectrogram = try await storeSpectrogram(png, for: track.id)
        }
        let waveform = try await services.tracks.waveform(id: twin.id, scope: .all) ?? nil
        let saved = try await job.finish(.done) { [spectrogram] tx in
            try await TrackStore(database: tx).saveAnalysis(
                id: track.id, analysis: twin.analysis, waveform: waveform, spectrogramFilename: spectrogram,
                analyzedAt: Date(), message: "Analysis complete")
        }
        if saved == true { services.events.publish(.status(status: "ready", message: "Analysis complete"), for: track.id) }
    }

    /// A status change while the job runs, written and announced only while the lease holds.
    private func announce(_ id: UUID, _ status: Track.Status, _ message: String, job: JobContext) async throws {
        let written = try await job.write { tx in try await TrackStore(database: tx).setStatus(id: id, status: status, message: message) }
        guard written == true else { return }
        services.events.publish(.status(status: status.rawValue, message: message), for: id)
    }

    /// Fails the track for good (its input cannot be analysed), finishing the job with it.
    private func giveUp(_ id: UUID, _ message: String, job: JobContext) async throws {
        let written = try await job.finish(.failed(message)) { tx in
            try await TrackStore(database: tx).setStatus(id: id, status: .failed, message: message)
        }
        guard written == true else { return }
        services.events.publish(.status(status: Track.Status.failed.rawValue, message: message), for: id)
    }

    /// One agent's JSON for a track, computed from its media file now.
    func computeAgent(_ name: String, for track: Track) async throws -> Data {
        guard let agent = AnalysisAgents.named(name) else {
            throw AnalysisError.invalidParameter(name: "agent", value: name)
        }
        return try await services.media.withLocalFile(track.mediaFilename) { url in
            try await executor.run {
                let decoded = try decoder.decode(url: url)
                let report = AnalysisRunner(agents: [agent]).run(decoded)
                let object = try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any]
                return try JSONSerialization.data(withJSONObject: object?[name] ?? [:])
            }
        }
    }
}

/// What a finished analysis stores: the agents' JSON and the waveform peaks.
struct AnalysisOutput: Sendable {
    let report: AnalysisReport
    let analysis: Data
    let waveform: Data
    /// The spectrogram PNG; nil when rendering failed (the analysis still counts).
    let spectrogram: [UInt8]?

    init(report: AnalysisReport, signal: AudioSignal) throws {
        self.report = report
        analysis = try report.jsonData()
        let buckets = max(1, min(TrackAnalyzer.storedPeaks, signal.samples.count))
        let peaks = try WaveformPeaks(samples: signal.samples, buckets: buckets)
        waveform = try JSONEncoder().encode(StoredWaveform(duration: signal.durationSeconds, min: peaks.min, max: peaks.max))
        spectrogram = try? SpectrogramImage.png(signal)
    }
}
