public import Foundation

/// Decodes audio files to the mono 22050 Hz signal the agents analyse.
public protocol AudioDecoder: Sendable {
    /// Checks that `url` holds audio we can analyse, reading only its header
    /// and first block: format, truncation, length limits.
    /// Blocking (file I/O): call from a worker thread.
    /// - Throws: `AnalysisError` (`unsupportedFormat`, `truncated`, `tooShort`, `tooLong`, …).
    func probe(url: URL) throws -> SourceInfo

    /// Decodes the whole file: channels averaged to mono, resampled to the target rate.
    /// Blocking (file I/O and CPU): call from a worker thread.
    /// - Throws: `AnalysisError`.
    func decode(url: URL) throws -> DecodedAudio
}

/// Decoder settings.
public struct DecoderOptions: Sendable {
    /// Output sampling rate in Hz; default 22050 (librosa's).
    public var targetSampleRate: Int
    /// Longest accepted audio in seconds (MAX_AUDIO_SECONDS); default 1800.
    public var maxSeconds: Double
    /// An ffmpeg executable for formats libsndfile cannot read (FFMPEG_PATH); default nil: reject them.
    public var ffmpegPath: String?
    /// Wall-clock limit for one ffmpeg run in seconds; default 120.
    public var ffmpegTimeoutSeconds: Double
    /// Largest ffmpeg output accepted in bytes; default 1 GiB.
    public var ffmpegMaxOutputBytes: Int
    /// Source sampling rates accepted, in Hz; default 4000…768000. Telephone audio starts at
    /// 8 kHz and studio formats end at 768 kHz; outside that a header is broken or hostile
    /// (a 1 Hz header turns each byte into 22050 decoded samples).
    public var sampleRateRange: ClosedRange<Int>
    /// Measure EBU R128 loudness on the original-rate blocks while decoding; default true.
    public var measureLoudness: Bool

    /// - Parameters: see the properties.
    public init(
        targetSampleRate: Int = Int(LibrosaDefaults.sr), maxSeconds: Double = 1800, ffmpegPath: String? = nil,
        ffmpegTimeoutSeconds: Double = 120, ffmpegMaxOutputBytes: Int = 1 << 30,
        sampleRateRange: ClosedRange<Int> = 4_000...768_000, measureLoudness: Bool = true
    ) {
        self.targetSampleRate = targetSampleRate
        self.maxSeconds = maxSeconds
        self.ffmpegPath = ffmpegPath
        self.ffmpegTimeoutSeconds = ffmpegTimeoutSeconds
        self.ffmpegMaxOutputBytes = ffmpegMaxOutputBytes
        self.sampleRateRange = sampleRateRange
        self.measureLoudness = measureLoudness
    }
}

/// What the file held before decoding.
public struct SourceInfo: Sendable, Codable, Equatable {
    /// Original sampling rate in Hz.
    public var sampleRate: Int
    /// Original channel count.
    public var channels: Int
    /// Frames (samples per channel) in the file.
    public var frames: Int
    /// `frames / sampleRate` in seconds.
    public var durationSeconds: Double
    /// Container and encoding as libsndfile names them, e.g. "WAV/PCM_16", "FLAC/PCM_16", "OGG/VORBIS".
    public var formatName: String
    /// True when the file was transcoded through ffmpeg first.
    public var transcoded: Bool
}

/// A decoded file: the mono signal plus what it came from.
public struct DecodedAudio: Sendable {
    /// The mono signal at the target rate.
    public let signal: AudioSignal
    /// The original file's properties.
    public let source: SourceInfo
    /// EBU R128 loudness of the original channels at the original rate, measured while decoding;
    /// nil when `DecoderOptions.measureLoudness` is off.
    public let loudness: LoudnessMeasurement?

    /// - Parameters:
    ///   - signal: the mono signal at the target rate.
    ///   - source: the original file's properties.
    ///   - loudness: the loudness measured on the original audio; default nil.
    public init(signal: AudioSignal, source: SourceInfo, loudness: LoudnessMeasurement? = nil) {
        self.signal = signal
        self.source = source
        self.loudness = loudness
    }
}
