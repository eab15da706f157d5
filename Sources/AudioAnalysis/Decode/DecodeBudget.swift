/// What decoding one file may cost, settled from its header before any sample is read or a
/// resampler is built.
///
/// The decoder sizes every buffer from this budget, so whatever a header claims, the decoded
/// signal never exceeds `maxSeconds` at the target rate (4 bytes a sample): the quantity the
/// analysis memory limit is stated in (peak RSS ≤ 3 × the decoded buffer + 30 MB). The sampling
/// rate is bounded too: the 22050 Hz output of a 1 Hz header is 22050 samples per byte of file.
struct DecodeBudget: Equatable {
    /// Source sampling rate in Hz, within `DecoderOptions.sampleRateRange`.
    let sourceRate: Int
    /// Output sampling rate in Hz.
    let targetRate: Int
    /// Frames the header declares; nil when the stream's length is unknown until it is read
    /// (an Ogg stream cut short, FLAC STREAMINFO with total_samples = 0, which is legal).
    let declaredFrames: Int?
    /// Source frames read before the stream is too long: the limit plus one block, as headers
    /// may understate the length.
    let maxSourceFrames: Int
    /// The longest accepted audio in seconds.
    let maxSeconds: Double

    /// libsndfile's length for a stream whose length it cannot know (SF_COUNT_MAX).
    static let unknownFrames = Int(Int64.max)

    /// Checks a header against the options.
    /// - Parameters:
    ///   - sampleRate: the header's rate in Hz.
    ///   - frames: the header's frame count; `unknownFrames` when unknown.
    ///   - options: the decoder's limits.
    /// - Throws: `AnalysisError.sampleRateOutOfRange`, or `tooLong` when a declared length exceeds the limit.
    init(sampleRate: Int, frames: Int, options: DecoderOptions) throws(AnalysisError) {
        let range = options.sampleRateRange
        guard range.contains(sampleRate) else {
            throw .sampleRateOutOfRange(hz: sampleRate, minimumHz: range.lowerBound, maximumHz: range.upperBound)
        }
        sourceRate = sampleRate
        targetRate = options.targetSampleRate
        maxSeconds = options.maxSeconds
        // Clamped so an unbounded limit (tests, the command line) cannot overflow Int.
        maxSourceFrames = Int(min(options.maxSeconds * Double(sampleRate), 1e15)) + SndFileDecoder.blockFrames
        declaredFrames = frames == Self.unknownFrames ? nil : frames
        if let declaredFrames, Double(declaredFrames) / Double(sampleRate) > options.maxSeconds {
            throw .tooLong(seconds: Double(declaredFrames) / Double(sampleRate), limitSeconds: options.maxSeconds)
        }
    }

    /// Output samples for `frames` source frames: `ceil(frames · targetRate / sourceRate)`, the
    /// size librosa's `resample(fix=True)` gives.
    func outputSamples(forFrames frames: Int) -> Int {
        Int((Double(frames) * Double(targetRate) / Double(sourceRate)).rounded(.up))
    }

    /// Most samples the decoded signal can hold: `maxSourceFrames` at the target rate.
    var maxOutputSamples: Int { outputSamples(forFrames: maxSourceFrames) }

    /// Samples to reserve for the output of `frames` source frames, with slack for the
    /// resampler's flush so the buffer is never regrown (and copied); never above `maxOutputSamples`.
    func reservation(forFrames frames: Int) -> Int {
        outputSamples(forFrames: min(max(0, frames), maxSourceFrames)) + 4 * SndFileDecoder.blockFrames
    }
}
