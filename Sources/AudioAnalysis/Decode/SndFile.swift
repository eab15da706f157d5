internal import CSndFile
import Foundation

/// An open libsndfile reader.
///
/// Opened on a file descriptor, never a path, so libsndfile identifies the
/// format from the content alone (it cannot consult the extension).
final class SndFile {
    private let handle: OpaquePointer
    /// Frames claimed by the header (libsndfile clamps WAV data to the file size).
    let frames: Int
    /// Sampling rate in Hz, > 0.
    let sampleRate: Int
    /// Channels, > 0.
    let channels: Int
    /// libsndfile's format code (major | subtype).
    let format: Int32

    /// Opens `url` for reading.
    /// - Throws: `AnalysisError.unsupportedFormat` when libsndfile does not recognise the content.
    init(url: URL) throws {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw AnalysisError.decodeFailed("cannot open the file") }
        var info = SF_INFO()
        guard let handle = sf_open_fd(fd, Int32(SFM_READ), &info, 1) else {
            let code = sf_error(nil)
            close(fd)
            throw AnalysisError.unsupportedFormat(Self.openFailureReason(code))
        }
        guard info.samplerate > 0, info.channels > 0, info.frames >= 0 else {
            sf_close(handle)
            throw AnalysisError.unsupportedFormat("invalid header (rate \(info.samplerate), channels \(info.channels))")
        }
        self.handle = handle
        frames = Int(info.frames)
        sampleRate = Int(info.samplerate)
        channels = Int(info.channels)
        format = info.format
    }

    deinit { sf_close(handle) }

    /// Reads up to `frames` interleaved frames as floats in [−1, 1].
    /// - Returns: frames read; 0 at the end.
    /// - Throws: `AnalysisError.decodeFailed` when libsndfile reports a decoding error.
    func read(into buffer: UnsafeMutablePointer<Float>, frames: Int) throws -> Int {
        let n = Int(sf_readf_float(handle, buffer, sf_count_t(frames)))
        if n == 0, sf_error(handle) != 0 {
            throw AnalysisError.decodeFailed(String(cString: sf_strerror(handle)))
        }
        return n
    }

    /// Seeks back to the first frame (after counting a stream of unknown length).
    /// - Throws: `AnalysisError.decodeFailed` when the stream cannot seek.
    func rewind() throws {
        guard sf_seek(handle, 0, SEEK_SET) == 0 else {
            throw AnalysisError.decodeFailed("cannot seek back to the start of the stream")
        }
    }

    /// Reads the rest of the stream and counts its frames, stopping past `limit`.
    /// - Returns: the frames read, at most `limit + blockFrames`; the caller compares with `limit`.
    /// - Throws: `AnalysisError.decodeFailed` on read errors.
    func countRemainingFrames(limit: Int) throws -> Int {
        var scratch = [Float](repeating: 0, count: SndFileDecoder.blockFrames * channels)
        var total = 0
        while total <= limit {
            let n = try scratch.withUnsafeMutableBufferPointer { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return try read(into: base, frames: SndFileDecoder.blockFrames)
            }
            guard n > 0 else { break }
            total += n
        }
        return total
    }

    /// A true reason for a failed open. libsndfile's text for its private SFE_BAD_FILE (7: "File does
    /// not exist or is not a regular file") is also what its MP3 reader returns when it finds no
    /// decodable frame; our file is always an open regular file, so that text would mislead.
    /// Other codes keep libsndfile's own message, which names the problem ("Malformed 'fmt ' chunk").
    static func openFailureReason(_ code: Int32) -> String {
        code == 7
            ? "no decodable audio stream found (the file is too short or damaged)"
            : String(cString: sf_error_number(code))
    }

    /// The container is WAV-like or AIFF, whose data chunk size we can verify.
    var isChunked: Bool {
        let major = Int(format) & SF_FORMAT_TYPEMASK
        return major == SF_FORMAT_WAV || major == SF_FORMAT_AIFF || major == SF_FORMAT_WAVEX
    }

    /// Format as python-soundfile names it: "WAV/PCM_16", "OGG/VORBIS", "MP3/MPEG_LAYER_III".
    var formatName: String {
        let major = Int(format) & 0x0FFF_0000
        let subtype = Int(format) & 0xFFFF
        let majorName = Self.majorNames[major] ?? String(format: "0x%06X", major)
        let subtypeName = Self.subtypeNames[subtype] ?? String(format: "0x%04X", subtype)
        return "\(majorName)/\(subtypeName)"
    }

    private static let majorNames: [Int: String] = [
        0x01_0000: "WAV", 0x02_0000: "AIFF", 0x03_0000: "AU", 0x04_0000: "RAW", 0x13_0000: "W64",
        0x16_0000: "WAVEX", 0x17_0000: "FLAC", 0x18_0000: "CAF", 0x20_0000: "OGG", 0x22_0000: "RF64",
        0x23_0000: "MP3",
    ]

    private static let subtypeNames: [Int: String] = [
        0x0001: "PCM_S8", 0x0002: "PCM_16", 0x0003: "PCM_24", 0x0004: "PCM_32", 0x0005: "PCM_U8",
        0x0006: "FLOAT", 0x0007: "DOUBLE", 0x0010: "ULAW", 0x0011: "ALAW", 0x0012: "IMA_ADPCM",
        0x0013: "MS_ADPCM", 0x0060: "VORBIS", 0x0064: "OPUS", 0x0080: "MPEG_LAYER_I",
        0x0081: "MPEG_LAYER_II", 0x0082: "MPEG_LAYER_III",
    ]
}

@available(*, unavailable, message: "a libsndfile handle is read by one thread")
extension SndFile: Sendable {}
