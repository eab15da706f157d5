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

    /// Checks header, truncation and length limits and decodes the first block (a stream of
    /// unknown length is read to its end, within the duration limit, to learn its length).
    /// - Throws: `AnalysisError`.
    public func probe(url: URL) throws -> SourceInfo {
        try withReadableFile(url) { file, transcoded in
            let (info, _, counted) = try validate(file, url: url, transcoded: transcoded)
            if counted { return info }
            var block = [Float](repeating: 0, count: 1024 * file.channels)
            let read = try block.withUnsafeMutableBufferPointer { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return try file.read(into: base, frames: 1024)
            }
            if read == 0 { throw AnalysisError.tooShort(samples: 0, minimum: LibrosaDefaults.nFFT) }
            if let bad = block.prefix(read * file.channels).firstIndex(where: { !$0.isFinite }) {
                throw AnalysisError.nonFiniteSample(seconds: Double(bad / file.channels) / Double(file.sampleRate))
            }
            return info
        }
    }

    /// Decodes to mono at the target rate.
    /// - Throws: `AnalysisError`.
    public func decode(url: URL) throws -> DecodedAudio {
        try withReadableFile(url) { file, transcoded in
            // The budget is settled before MonoReader builds a resampler or reserves its output.
            let (info, budget, counted) = try validate(file, url: url, transcoded: transcoded)
            if counted { try file.rewind() }
            var reader = MonoReader(file: file, budget: budget, frames: info.frames)
            if options.measureLoudness { reader.meter = try LoudnessMeter(channels: file.channels, sampleRate: file.sampleRate) }
            let samples = try reader.read()
            try checkLength(samples.count)
            return DecodedAudio(
                signal: AudioSignal(samples: samples, sampleRate: Double(options.targetSampleRate)), source: info,
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

    /// Checks the header before any sample is decoded: sampling rate, truncation, declared length.
    /// A stream whose header gives no length is read to its end (stopping past the limit) to count it.
    /// - Returns: what the file holds, its decoding budget, and whether its frames were counted by reading them.
    private func validate(_ file: SndFile, url: URL, transcoded: Bool) throws -> (SourceInfo, DecodeBudget, counted: Bool) {
        let budget = try DecodeBudget(sampleRate: file.sampleRate, frames: file.frames, options: options)
        if file.isChunked, let (declared, present) = try ChunkSizeCheck.truncation(url: url) {
            throw AnalysisError.truncated(declaredBytes: declared, presentBytes: present)
        }
        var frames = file.frames
        let counted = budget.declaredFrames == nil
        if counted {
            frames = try file.countRemainingFrames(limit: budget.maxSourceFrames)
            let seconds = Double(frames) / Double(file.sampleRate)
            if frames > budget.maxSourceFrames || seconds > options.maxSeconds {
                throw AnalysisError.tooLong(seconds: seconds, limitSeconds: options.maxSeconds)
            }
        }
        try checkLength(budget.outputSamples(forFrames: frames))
        let info = SourceInfo(
            sampleRate: file.sampleRate, channels: file.channels, frames: frames,
            durationSeconds: Double(frames) / Double(file.sampleRate), formatName: file.formatName, transcoded: transcoded)
        return (info, budget, counted)
    }

    private func checkLength(_ samples: Int) throws {
        if samples < LibrosaDefaults.nFFT {
            throw AnalysisError.tooShort(samples: samples, minimum: LibrosaDefaults.nFFT)
        }
    }
}
