/// Reads a libsndfile stream block by block into one mono buffer at the target rate.
struct MonoReader {
    let file: SndFile
    /// Limits settled from the header; `frames` is the stream's length (counted when the header did not say).
    let budget: DecodeBudget
    let frames: Int
    /// Measures loudness on the blocks as read (original rate and channels), when set.
    var meter: LoudnessMeter? = nil

    /// - Returns: `ceil(framesRead · targetRate / sourceRate)` samples, as librosa's
    ///   `resample(fix=True)` sizes its output.
    /// - Throws: `AnalysisError.tooLong` if the stream holds more than the limit
    ///   (headers may understate it), `nonFiniteSample` for a NaN or infinite sample,
    ///   `decodeFailed` on read errors.
    func read() throws -> [Float] {
        let channels = file.channels
        let sourceRate = budget.sourceRate
        let resampler =
            sourceRate == budget.targetRate
            ? nil : try Resampler(inputRate: Double(sourceRate), outputRate: Double(budget.targetRate))
        var output: [Float] = []
        output.reserveCapacity(budget.reservation(forFrames: frames))
        var block = [Float](repeating: 0, count: SndFileDecoder.blockFrames * channels)
        var mono = [Float](repeating: 0, count: SndFileDecoder.blockFrames)
        var framesRead = 0
        while true {
            let n = try block.withUnsafeMutableBufferPointer { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return try file.read(into: base, frames: SndFileDecoder.blockFrames)
            }
            guard n > 0 else { break }
            if framesRead + n > budget.maxSourceFrames {
                throw AnalysisError.tooLong(seconds: Double(framesRead + n) / Double(sourceRate), limitSeconds: budget.maxSeconds)
            }
            try block.withUnsafeBufferPointer { interleaved in
                try mono.withUnsafeMutableBufferPointer { m in
                    guard let source = interleaved.baseAddress, let target = m.baseAddress else { return }
                    Self.downmix(source, channels: channels, frames: n, into: target)
                    let chunk = UnsafeBufferPointer(start: target, count: n)
                    // NaN or ±inf would spread through the resampler's filter and every feature,
                    // and JSON cannot carry them: refuse the file here, naming where.
                    if let bad = Self.firstNonFinite(chunk) {
                        throw AnalysisError.nonFiniteSample(seconds: Double(framesRead + bad) / Double(sourceRate))
                    }
                    try meter?.add(source, frames: n)
                    if let resampler {
                        try resampler.process(chunk, into: &output)
                    } else {
                        output.append(contentsOf: chunk)
                    }
                }
            }
            framesRead += n
        }
        try resampler?.flush(into: &output)
        let expected = budget.outputSamples(forFrames: framesRead)
        if output.count > expected {
            output.removeLast(output.count - expected)
        } else if output.count < expected {
            output.append(contentsOf: repeatElement(0, count: expected - output.count))
        }
        return output
    }

    /// The index of the first NaN or infinite sample, if any. Only float sources can hold one;
    /// the check is one comparison a sample, next to the resampler's hundreds.
    static func firstNonFinite(_ samples: UnsafeBufferPointer<Float>) -> Int? {
        samples.firstIndex { !$0.isFinite }
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
