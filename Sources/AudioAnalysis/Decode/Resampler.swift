internal import CSoxr

/// Streaming mono sample-rate conversion with libsoxr at HQ quality.
///
/// HQ (20-bit) with float32 I/O is libsoxr's default and what librosa's
/// `res_type="soxr_hq"` asks python-soxr for. Input arrives block by block, so
/// the full-rate signal is never held in memory.
final class Resampler {
    private let soxr: soxr_t
    private var scratch: [Float]

    /// - Parameters:
    ///   - inputRate: source rate in Hz, > 0.
    ///   - outputRate: target rate in Hz, > 0.
    /// - Throws: `AnalysisError.decodeFailed` when libsoxr rejects the rates.
    init(inputRate: Double, outputRate: Double) throws {
        var error: soxr_error_t?
        var io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I)
        var quality = soxr_quality_spec(UInt(SOXR_HQ), 0)
        var runtime = soxr_runtime_spec(1)
        guard let soxr = soxr_create(inputRate, outputRate, 1, &error, &io, &quality, &runtime), error == nil else {
            throw AnalysisError.decodeFailed("resampler rejected \(inputRate) Hz → \(outputRate) Hz")
        }
        self.soxr = soxr
        scratch = [Float](repeating: 0, count: 16_384)
    }

    deinit { soxr_delete(soxr) }

    /// Resamples `input` and appends what is ready to `output`.
    func process(_ input: UnsafeBufferPointer<Float>, into output: inout [Float]) throws {
        var consumed = 0
        while consumed < input.count {
            var used = 0
            let produced = try step(input.baseAddress.map { $0 + consumed }, count: input.count - consumed, used: &used)
            append(produced, to: &output)
            consumed += used
            if used == 0 && produced == 0 { break }
        }
    }

    /// Drains the resampler's delay line into `output` at the end of the input.
    func flush(into output: inout [Float]) throws {
        while true {
            var used = 0
            let produced = try step(nil, count: 0, used: &used)
            guard produced > 0 else { return }
            append(produced, to: &output)
        }
    }

    /// Appends the first `count` samples of the scratch buffer (one copy).
    private func append(_ count: Int, to output: inout [Float]) {
        scratch.withUnsafeBufferPointer { output.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0..<count])) }
    }

    private func step(_ input: UnsafePointer<Float>?, count: Int, used: inout Int) throws -> Int {
        var idone = 0
        var odone = 0
        let error = scratch.withUnsafeMutableBufferPointer { out in
            soxr_process(soxr, input, count, &idone, out.baseAddress, out.count, &odone)
        }
        guard error == nil else { throw AnalysisError.decodeFailed("resampling failed") }
        used = idone
        return odone
    }
}

@available(*, unavailable, message: "a libsoxr stream is fed by one thread")
extension Resampler: Sendable {}
