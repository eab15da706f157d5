/// A centred short-time Fourier transform that hands out one power spectrum at a time.
///
/// Port of `librosa.stft` with `center=True, pad_mode="constant", window="hann"`
/// (librosa 0.11.0): frame `t` covers `y[t·hop − nFFT/2 ..< t·hop + nFFT/2]`,
/// zeros outside the signal. Frames are produced one by one so callers reduce
/// each spectrum as it comes instead of materialising the `[bin][frame]` matrix.
struct STFT {
    let nFFT: Int
    let hopLength: Int
    private let window: [Float]
    private let plan: FFTPlan
    private let input: FFTBuffer
    private let output: FFTBuffer
    private var power: [Float]
    private var magnitude: [Float]

    /// - Parameters:
    ///   - nFFT: window and FFT length in samples, > 0, even; default 2048.
    ///   - hopLength: samples between frames, > 0; default 512.
    init(nFFT: Int = LibrosaDefaults.nFFT, hopLength: Int = LibrosaDefaults.hopLength) {
        self.nFFT = nFFT
        self.hopLength = hopLength
        window = nFFT == LibrosaDefaults.nFFT ? Self.defaultWindow : Window.hann(nFFT).map { Float($0) }
        plan = FFTPlan.shared(.realToComplex, n: nFFT)
        input = FFTBuffer(floats: nFFT)
        output = FFTBuffer(floats: 2 * (nFFT / 2 + 1))
        power = [Float](repeating: 0, count: nFFT / 2 + 1)
        magnitude = power
    }

    private static let defaultWindow = Window.hann(LibrosaDefaults.nFFT).map { Float($0) }

    /// Number of bins per frame (`1 + nFFT/2`).
    var binCount: Int { nFFT / 2 + 1 }

    /// Number of centred frames for a signal of `length` samples.
    func frameCount(length: Int) -> Int { 1 + length / hopLength }

    /// Calls `body(t, power)` for every frame `t` with `power[k] = |X[k, t]|²`.
    mutating func forEachPowerSpectrum(
        _ y: UnsafeBufferPointer<Float>, _ body: (Int, UnsafeBufferPointer<Float>) -> Void
    ) {
        let frames = frameCount(length: y.count)
        for t in 0..<frames {
            fillFrame(t, from: y)
            plan.forward(input, output)
            power.withUnsafeMutableBufferPointer { p in
                guard let base = p.baseAddress else { return }
                Vector.squaredMagnitudes(output.floats, into: base, count: p.count)
                body(t, UnsafeBufferPointer(p))
            }
        }
    }

    /// Calls `body(t, power, magnitude)` for every frame `t` with `power[k] = |X[k, t]|²`
    /// and `magnitude[k] = |X[k, t]|`, both computed in one vectorised pass.
    mutating func forEachSpectrum(
        _ y: UnsafeBufferPointer<Float>, _ body: (Int, UnsafeBufferPointer<Float>, UnsafeBufferPointer<Float>) -> Void
    ) {
        let frames = frameCount(length: y.count)
        for t in 0..<frames {
            fillFrame(t, from: y)
            plan.forward(input, output)
            power.withUnsafeMutableBufferPointer { p in
                magnitude.withUnsafeMutableBufferPointer { m in
                    guard let powers = p.baseAddress, let magnitudes = m.baseAddress else { return }
                    Vector.powersAndMagnitudes(output.floats, power: powers, magnitude: magnitudes, count: p.count)
                    body(t, UnsafeBufferPointer(p), UnsafeBufferPointer(m))
                }
            }
        }
    }

    /// Windowed samples of frame `t`, zero-padded beyond the signal.
    private func fillFrame(_ t: Int, from y: UnsafeBufferPointer<Float>) {
        let start = t * hopLength - nFFT / 2
        let lo = max(0, -start)
        let hi = min(nFFT, y.count - start)
        let x = input.floats
        window.withUnsafeBufferPointer { w in
            if lo > 0 { x.update(repeating: 0, count: lo) }
            if hi < nFFT { (x + max(hi, 0)).update(repeating: 0, count: nFFT - max(hi, 0)) }
            guard hi > lo, let w = w.baseAddress, let y = y.baseAddress else { return }
            Vector.multiply(w + lo, y + start + lo, into: x + lo, count: hi - lo)
        }
    }
}

@available(*, unavailable, message: "an STFT owns scratch buffers for one thread")
extension STFT: Sendable {}
