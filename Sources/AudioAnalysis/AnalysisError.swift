/// Why audio could not be decoded or analysed. Descriptions are safe to show
/// users: they never contain file paths.
public enum AnalysisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The content is not audio we can decode (or needs ffmpeg, which is not configured).
    case unsupportedFormat(String)
    /// Fewer samples than one analysis frame after resampling.
    case tooShort(samples: Int, minimum: Int)
    /// The file's data chunk declares more bytes than the file holds.
    case truncated(declaredBytes: Int, presentBytes: Int)
    /// Longer than the configured limit.
    case tooLong(seconds: Double, limitSeconds: Double)
    /// The header declares a sampling rate outside the accepted range (a 1 Hz header would
    /// otherwise be upsampled 22050-fold: a few bytes of file, gigabytes of analysis).
    case sampleRateOutOfRange(hz: Int, minimumHz: Int, maximumHz: Int)
    /// A float sample is NaN or infinite; `seconds` is where the first one was found.
    case nonFiniteSample(seconds: Double)
    /// A parameter is outside its domain (librosa's `ParameterError`).
    case invalidParameter(name: String, value: String)
    /// The decoder or resampler failed while reading.
    case decodeFailed(String)
    /// An external transcoder failed, ran too long or produced too much output.
    case transcodeFailed(String)
    /// The agent needs something the caller did not provide (e.g. loudness without the original-rate audio).
    case unavailable(String)

    /// A stable machine-readable code for APIs (`unsupported_format`, `too_short`, …).
    public var code: String {
        switch self {
        case .unsupportedFormat: "unsupported_format"
        case .tooShort: "too_short"
        case .truncated: "truncated"
        case .tooLong: "too_long"
        case .sampleRateOutOfRange: "unsupported_sample_rate"
        case .nonFiniteSample: "non_finite_sample"
        case .invalidParameter: "invalid_parameter"
        case .decodeFailed: "decode_failed"
        case .transcodeFailed: "transcode_failed"
        case .unavailable: "unavailable"
        }
    }

    /// One line for users and logs.
    public var description: String {
        switch self {
        case .unsupportedFormat(let message):
            "Unsupported format: \(message)"
        case .tooShort(let samples, let minimum):
            "Audio too short: \(samples) samples at 22050 Hz, need at least \(minimum)"
        case .truncated(let declared, let present):
            "Truncated file: data chunk declares \(declared) bytes but only \(present) are present"
        case .tooLong(let seconds, let limit) where seconds.rounded() <= limit.rounded():
            // Reading stops just past the limit, so the count can round to the limit itself.
            "Audio too long: more than the limit of \(Self.format(limit)) s"
        case .tooLong(let seconds, let limit):
            "Audio too long: \(Self.format(seconds)) s exceeds the limit of \(Self.format(limit)) s"
        case .sampleRateOutOfRange(let hz, let minimum, let maximum):
            "Unsupported sample rate: \(hz) Hz (accepted: \(minimum) to \(maximum) Hz)"
        case .nonFiniteSample(let seconds):
            "Invalid audio: a sample at \((seconds * 1000).rounded() / 1000) s is NaN or infinite"
        case .invalidParameter(let name, let value):
            "Invalid parameter \(name)=\(value)"
        case .decodeFailed(let message):
            "Decoding failed: \(message)"
        case .transcodeFailed(let message):
            "Transcoding failed: \(message)"
        case .unavailable(let message):
            message
        }
    }

    private static func format(_ seconds: Double) -> String {
        String(Int(seconds.rounded()))
    }
}
