/// Reads a libsndfile stream block by block into one mono buffer at the target rate.
struct MonoReader {
    let file: SndFile
    let targetRate: Int
    let maxSeconds: Double

    /// - Returns: `ceil(framesRead · targetRate / sourceRate)` samples, as librosa's
    ///   `resample(fix=True)` sizes its output.
    /// - Throws: `AnalysisError.tooLong` if the stream holds more than `maxSeconds`
    ///   (headers may understate it), `decodeFailed` on read errors.
    func read() throws -> [Float] {
        let channels = file.channels
        let sourceRate = file.sampleRate
        let ratio = Double(targetRate) / Double(sourceRate)
        let maxFrames = Int(maxSeconds * Double(sourceRate)) + SndFileDecoder.blockFrames
        let resampler = sourceRate == targetRate ? nil : try Resampler(inputRate: Double(sourceRate), outputRate: Double(targetRate))
        var output: [Float] = []
        // The header's count is bounded by maxSeconds already (validated), so this reservation is too.
        // The slack covers the resampler's flush, so the buffer is never regrown (and copied).
        output.reserveCapacity(Int((Double(file.frames) * ratio).rounded(.up)) + 4 * SndFileDecoder.blockFrames)
        var block = [Float](repeating: 0, count: SndFileDecoder.blockFrames * channels)
        var mono = [Float](repeating: 0, count: SndFileDecoder.blockFrames)
        var framesRead = 0
        while true {
            let n = try block.withUnsafeMutableBufferPointer {
                try file.read(into: $0.baseAddress!, frames: SndFileDecoder.blockFrames)
            }
            guard n > 0 else { break }
            framesRead += n
            if framesRead > maxFrames {
                throw AnalysisError.tooLong(seconds: Double(framesRead) / Double(sourceRate), limitSeconds: maxSeconds)
            }
            Self.downmix(block, channels: channels, frames: n, into: &mono)
            if let resampler {
                try mono.withUnsafeBufferPointer { try resampler.process(UnsafeBufferPointer(rebasing: $0[0..<n]), into: &output) }
            } else {
                output.append(contentsOf: mono[0..<n])
            }
        }
        try resampler?.flush(into: &output)
        let expected = Int((Double(framesRead) * ratio).rounded(.up))
        if output.count > expected {
            output.removeLast(output.count - expected)
        } else if output.count < expected {
            output.append(contentsOf: repeatElement(0, count: expected - output.count))
        }
        return output
    }

    /// Channel mean of `frames` interleaved frames, computed in float64 like `np.mean`.
    static func downmix(_ block: [Float], channels: Int, frames: Int, into mono: inout [Float]) {
        if channels == 1 {
            for i in 0..<frames { mono[i] = block[i] }
            return
        }
        for i in 0..<frames {
            var sum: Double = 0
            for c in 0..<channels { sum += Double(block[i * channels + c]) }
            mono[i] = Float(sum / Double(channels))
        }
    }
}
