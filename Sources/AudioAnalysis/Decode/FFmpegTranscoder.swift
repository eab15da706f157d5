import Dispatch
import Foundation

/// Converts formats libsndfile cannot read (MP4/AAC, WebM …) to a temporary
/// float WAV by running ffmpeg as a subprocess, with a time and size limit.
struct FFmpegTranscoder {
    let executable: String
    let timeoutSeconds: Double
    let maxOutputBytes: Int
    let maxSeconds: Double

    /// Runs ffmpeg on `url`, calls `body` with the WAV it wrote, then deletes it.
    /// - Throws: `AnalysisError.unsupportedFormat` when ffmpeg cannot decode the
    ///   input, `transcodeFailed` on a timeout or oversized output.
    func withTranscodedWAV<R>(of url: URL, _ body: (URL) throws -> R) throws -> R {
        let output = FileManager.default.temporaryDirectory
            .appendingPathComponent("transcode-\(UUID().uuidString).wav")
        defer { try? FileManager.default.removeItem(at: output) }
        try run(input: url, output: output)
        let size = (try? FileManager.default.attributesOfItem(atPath: output.path)[.size] as? Int) ?? 0
        guard size > 0 else { throw AnalysisError.unsupportedFormat("ffmpeg produced no audio") }
        guard size <= maxOutputBytes else { throw AnalysisError.transcodeFailed("output exceeds \(maxOutputBytes) bytes") }
        return try body(output)
    }

    private func run(input: URL, output: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        // -t bounds the duration (a second over the limit, so "too long" is still
        // detected) and -fs the bytes; "--" style safety: the input is a file URL.
        process.arguments = [
            "-nostdin", "-hide_banner", "-loglevel", "error", "-i", "file:" + input.path,
            "-vn", "-map", "0:a:0", "-c:a", "pcm_f32le", "-t", String(Int(maxSeconds) + 1),
            "-fs", String(maxOutputBytes), "-f", "wav", "-y", "file:" + output.path,
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            throw AnalysisError.transcodeFailed("cannot start ffmpeg")
        }
        if finished.wait(timeout: .now() + timeoutSeconds) == .timedOut {
            process.terminate()
            finished.wait()
            process.terminationHandler = nil
            throw AnalysisError.transcodeFailed("ffmpeg exceeded \(Int(timeoutSeconds)) s")
        }
        // Break the handler's reference so Foundation can release the process object.
        process.terminationHandler = nil
        guard process.terminationStatus == 0 else {
            throw AnalysisError.unsupportedFormat("ffmpeg could not decode the file")
        }
    }
}
