/// Reads a libsndfile stream block by block into one mono buffer at the target rate.
struct MonoReader {
    let file: SndFile
    let targetRate: Int
    let maxSeconds: Double
    /// Measures loudness on the blocks as read (original rate and channels), when set.
    var meter: LoudnessMeter? = nil

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
            let n = try block.withUnsafeMutableBufferPointer { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return try file.read(into: base, frames: SndFileDecoder.blockFrames)
            }
            guard n > 0 else { break }
            framesRead += n
            if framesRead > maxFrames {
                throw AnalysisError.tooLong(seconds: Double(framesRead) / Double(sourceRate), limitSeconds: maxSeconds)
            }
            try block.withUnsafeBufferPointer { interleaved in
                try mono.withUnsafeMutableBufferPointer { m in
                    guard let source = interleaved.baseAddress, let target = m.baseAddress else { return }
                    try meter?.add(source, frames: n)
                    Self.downmix(source, channels: channels, frames: n, into: target)
                    let chunk = UnsafeBufferPointer(start: target, count: n)
                    if let resampler {
                        try resampler.process(chunk, into: &output)
                    } else {
                        output.append(contentsOf: chunk)
                    }
                }
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

    /// Channel mean of `frames` interleaved frames, as `np.mean(y, axis=0)` computes it
    /// for float32 audio: a float32 running sum over the channels, divided by their count.
    static func downmix(
        _ block: UnsafePointer<Float>, channels: Int, frames: Int, into mono: UnsafeMutablePointer<Float>
    ) {
        switch channels {
        case 1:
            mono.update(from: block, count: frames)
        case 2:
            // A plain loop LLVM vectorises.
            for i in 0..<frames { mono[i] = (block[2 * i] + block[2 * i + 1]) / 2 }
        default:
            let count = Float(channels)
            for i in 0..<frames {
                let frame = block + i * channels
                var sum = frame[0]
                for c in 1..<channels { sum += frame[c] }
                mono[i] = sum / count
            }
        }
    }
}
