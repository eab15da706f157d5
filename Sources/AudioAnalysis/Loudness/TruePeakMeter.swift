internal import Foundation

/// ITU-R BS.1770-4 Annex 2 true peak: the largest magnitude of the signal oversampled ×4 (below
/// 96 kHz) or ×2 (below 192 kHz); at 192 kHz and above the sample peak stands for it.
///
/// The interpolation filter is libebur128's own — a 49-tap Hann-windowed sinc split into one
/// polyphase branch per output phase — so the figures are the library's. It runs here, eight
/// samples per step, because libebur128's scalar loop over a circular buffer cost more than the
/// other agents together (about 35 ms for 15 s of stereo at 44.1 kHz).
struct TruePeakMeter {
    static let taps = 49

    let channels: Int
    /// Output samples per input sample; 1 means no oversampling.
    let factor: Int
    /// `coefficients[4·t + f]`: the coefficient applied to the input `t` samples back for output
    /// phase `f`, for `t` in `0...reach` and four phases (zero where a phase has no such tap, and
    /// for phases 2 and 3 when oversampling ×2): one load of the input serves every phase.
    private let coefficients: [Float]
    /// Input samples a branch reaches back: the history kept between blocks, per channel.
    private let reach: Int
    /// Per channel, the last `reach` input samples (channel-major).
    private var history: [Float]
    /// One channel's history followed by its samples of the current block.
    private var line: [Float] = []
    /// Per channel, the largest interpolated magnitude so far.
    private(set) var peaks: [Float]
    /// The most any output can exceed the largest input it reads: `max over phases of Σ |c|`, with a
    /// margin for rounding in the sums.
    private let gain: Float

    init(channels: Int, sampleRate: Int) {
        self.channels = channels
        factor = sampleRate < 96_000 ? 4 : sampleRate < 192_000 ? 2 : 1
        reach = factor > 1 ? (Self.taps - 1) / factor : 0
        coefficients = Self.coefficients(factor: factor, reach: reach)
        history = [Float](repeating: 0, count: channels * reach)
        peaks = [Float](repeating: 0, count: channels)
        gain = Self.gain(coefficients, reach: reach)
    }

    /// `max over phases f of Σ_t |c[4t + f]|`, with a margin for rounding in the sums (1 without oversampling).
    private static func gain(_ coefficients: [Float], reach: Int) -> Float {
        guard !coefficients.isEmpty else { return 1 }
        let sums = (0..<4).map { phase in (0...reach).reduce(Float(0)) { $0 + abs(coefficients[4 * $1 + phase]) } }
        return (sums.max() ?? 1) * 1.0001
    }

    /// Outputs per stretch whose bound is checked before it is computed.
    private static let stretch = 256

    /// libebur128's design: sinc(m / factor) under a Hann window over the 49 taps, tap `j`
    /// feeding phase `j % factor` at delay `j / factor`.
    private static func coefficients(factor: Int, reach: Int) -> [Float] {
        guard factor > 1 else { return [] }
        var coefficients = [Float](repeating: 0, count: 4 * (reach + 1))
        for j in 0..<taps {
            let m = Double(j) - Double(taps - 1) / 2
            let x = m * Double.pi / Double(factor)
            var c = abs(m) > 1e-6 ? sin(x) / x : 1
            c *= 0.5 * (1 - cos(2 * Double.pi * Double(j) / Double(taps - 1)))
            coefficients[4 * (j / factor) + j % factor] = Float(c)
        }
        return coefficients
    }

    /// Adds `frames` interleaved frames.
    mutating func add(_ interleaved: UnsafePointer<Float>, frames: Int) {
        guard factor > 1, frames > 0 else { return }
        let reach = reach
        if line.count < reach + frames { line = [Float](repeating: 0, count: reach + frames) }
        for channel in 0..<channels {
            var peak = peaks[channel]
            line.withUnsafeMutableBufferPointer { line in
                guard let base = line.baseAddress else { return }
                history.withUnsafeBufferPointer { history in
                    for t in 0..<reach { base[t] = history[channel * reach + t] }
                }
                for i in 0..<frames { base[reach + i] = interleaved[i * channels + channel] }
                peak = Self.peak(coefficients, over: base, reach: reach, frames: frames, above: peak, gain: gain)
            }
            peaks[channel] = peak
            for t in 0..<reach { history[channel * reach + t] = line[frames + t] }
        }
    }

    /// The larger of `floor` and the block's largest output, computing only the stretches of outputs
    /// that could exceed what is known: an output is at most `gain` times the largest input it reads.
    /// Phase 0 is the input itself (delayed), so the block's sample peak is known before any sum, and
    /// in most music only the stretches near the loudest samples are computed. The result is exact.
    private static func peak(
        _ coefficients: [Float], over samples: UnsafePointer<Float>, reach: Int, frames: Int, above floor: Float,
        gain: Float
    ) -> Float {
        var peak = floor
        var start = 0
        var stretchMaxima: [Float] = []
        stretchMaxima.reserveCapacity(frames / stretch + 1)
        while start < frames {
            // Inputs samples[start ..< reach + end] feed the outputs start ..< end: the stretch's
            // own samples and the `reach` before them.
            let end = min(frames, start + stretch)
            let own = Vector.largestMagnitude(samples + reach + start, count: end - start)
            stretchMaxima.append(max(own, Vector.largestMagnitude(samples + start, count: reach)))
            peak = max(peak, own)
            start = end
        }
        for (index, loudest) in stretchMaxima.enumerated() where loudest * gain > peak {
            let first = index * stretch
            let count = min(frames, first + stretch) - first
            peak = max(peak, sumPeak(coefficients, over: samples + first, reach: reach, frames: count))
        }
        return peak
    }

    /// `max |Σ_t c[4t + f] · x[n − t]|` over the block's outputs of every phase `f`, `x[n]` at `samples[reach + n]`.
    private static func sumPeak(_ coefficients: [Float], over samples: UnsafePointer<Float>, reach: Int, frames: Int) -> Float {
        coefficients.withUnsafeBufferPointer { c in
            let current = samples + reach
            var widest = Vector.V.zero
            @inline(__always) func widen(_ acc: Vector.V) { widest = Vector.larger(widest, Vector.magnitude(acc)) }
            var n = 0
            while n + 8 <= frames {
                var acc0 = Vector.V.zero
                var acc1 = Vector.V.zero
                var acc2 = Vector.V.zero
                var acc3 = Vector.V.zero
                for t in 0...reach {
                    let x = Vector.load(current + n - t)
                    acc0 += c[4 * t] * x
                    acc1 += c[4 * t + 1] * x
                    acc2 += c[4 * t + 2] * x
                    acc3 += c[4 * t + 3] * x
                }
                widen(acc0)
                widen(acc1)
                widen(acc2)
                widen(acc3)
                n += 8
            }
            var peak = widest.max()
            while n < frames {
                for phase in 0..<4 {
                    var acc: Float = 0
                    for t in 0...reach { acc += c[4 * t + phase] * current[n - t] }
                    peak = max(peak, abs(acc))
                }
                n += 1
            }
            return peak
        }
    }
}
