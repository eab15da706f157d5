public import Foundation

/// The libsndfile + libsoxr decoder, with ffmpeg as an optional fallback.
///
/// Reads WAV (8/16/24/32-bit PCM, float), AIFF, FLAC, Ogg Vorbis, Opus and MP3
/// in blocks, averages channels and resamples to `options.targetSampleRate`,
/// as librosa's `load(sr=22050, mono=True, res_type="soxr_hq")` does.
public struct SndFileDecoder: AudioDecoder {
    /// Decoder settings.
    public let options: DecoderOptions

    /// Frames read per block.
    static let blockFrames = 8192

    /// - Parameter options: limits and the ffmpeg fallback; default `DecoderOptions()`.
    public init(options: DecoderOptions = DecoderOptions()) {
        self.options = options
    }

    /// Checks header, truncation and length limits and decodes the first block.
    /// - Throws: `AnalysisError`.
    public func probe(url: URL) throws -> SourceInfo {
        try withReadableFile(url) { file, transcoded in
            let info = try validate(file, url: url, transcoded: transcoded)
            var block = [Float](repeating: 0, count: min(Self.blockFrames, 1024) * file.channels)
            let read = try block.withUnsafeMutableBufferPointer { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return try file.read(into: base, frames: 1024)
            }
            if read == 0 { throw AnalysisError.tooShort(samples: 0, minimum: LibrosaDefaults.nFFT) }
            return info
        }
    }

    /// Decodes to mono at the target rate.
    /// - Throws: `AnalysisError`.
    public func decode(url: URL) throws -> DecodedAudio {
        try withReadableFile(url) { file, transcoded in
            let info = try validate(file, url: url, transcoded: transcoded)
            var reader = MonoReader(file: file, targetRate: options.targetSampleRate, maxSeconds: options.maxSeconds)
            if options.measureLoudness { reader.meter = try LoudnessMeter(channels: file.channels, sampleRate: file.sampleRate) }
            let samples = try reader.read()
            try checkLength(samples.count)
            return DecodedAudio(signal: AudioSignal(samples: samples, sampleRate: Double(options.targetSampleRate)), source: info,
                                loudness: reader.meter?.measurement())
        }
    }

    /// Opens `url` with libsndfile, or through ffmpeg when libsndfile cannot and ffmpeg is configured.
    private func withReadableFile<R>(_ url: URL, _ body: (SndFile, Bool) throws -> R) throws -> R {
        let file: SndFile
        do {
            file = try SndFile(url: url)
        } catch AnalysisError.unsupportedFormat(let reason) {
            guard let ffmpegPath = options.ffmpegPath else {
                throw AnalysisError.unsupportedFormat("\(reason)")
            }
            let transcoder = FFmpegTranscoder(
                executable: ffmpegPath, timeoutSeconds: options.ffmpegTimeoutSeconds,
                maxOutputBytes: options.ffmpegMaxOutputBytes, maxSeconds: options.maxSeconds
            )
            return try transcoder.withTranscodedWAV(of: url) { wav in try body(try SndFile(url: wav), true) }
        }
        return try body(file, false)
    }

    private func validate(_ file: SndFile, url: URL, transcoded: Bool) throws -> SourceInfo {
        if file.isChunked, let (declared, present) = try ChunkSizeCheck.truncation(url: url) {
            throw AnalysisError.truncated(declaredBytes: declared, presentBytes: present)
        }
        let duration = Double(file.frames) / Double(file.sampleRate)
        if duration > options.maxSeconds {
            throw AnalysisError.tooLong(seconds: duration, limitSeconds: options.maxSeconds)
        }
        let expected = Int((Double(file.frames) * Double(options.targetSampleRate) / Double(file.sampleRate)).rounded(.up))
        try checkLength(expected)
        return SourceInfo(
            sampleRate: file.sampleRate, channels: file.channels, frames: file.frames,
            durationSeconds: duration, formatName: file.formatName, transcoded: transcoded
        )
    }

    private func checkLength(_ samples: Int) throws {
        if samples < LibrosaDefaults.nFFT {
            throw AnalysisError.tooShort(samples: samples, minimum: LibrosaDefaults.nFFT)
        }
    }
}
