import Foundation

/// The power spectrum of one FFT over a whole signal (`|np.fft.rfft(y)|²`).
///
/// The length is set by the file. FFTW is fast and cheap to plan for lengths
/// made of small primes; for a length with a large prime factor its plans cost
/// O(n)-sized tables and Rader's algorithm, many times slower. Those lengths go
/// through Bluestein's chirp-z algorithm instead: the length-n DFT as a
/// convolution of length M ≥ 2n − 1 with M made of 2, 3, 5 and 7, whose plans
/// are shared. Signals up to 2^21 samples (95 s) use a cached out-of-place
/// real plan; longer ones a half-length complex plan in place, which needs no
/// second buffer and half the tables. Only magnitudes are needed, and the output chirp has modulus 1,
/// so it is never applied.
enum WholeSignalFFT {
    /// Largest prime factor FFTW handles with its own fast codelets.
    static let largestFastPrime = 13

    /// Bins handed to the caller per call.
    static let chunk = 4096

    /// Calls `body(k0, powers)` with `powers[i] = |X[k0 + i]|²`, in order, for `k` in `0 ... n/2`.
    static func forEachBinPower(_ y: UnsafeBufferPointer<Float>, _ body: (Int, UnsafeBufferPointer<Double>) -> Void) {
        let n = y.count
        guard n > 0 else { return }
        if n <= FFTPlan.cachedLengthLimit, largestPrimeFactor(n) <= largestFastPrime {
            outOfPlace(y, body)
        } else if n % 2 == 0, largestPrimeFactor(n / 2) <= largestFastPrime {
            halfLengthComplex(y, body)
        } else if largestPrimeFactor(n) <= largestFastPrime {
            direct(y, body)
        } else {
            bluestein(y, body)
        }
    }

    /// Collects bins computed one at a time into chunks for a `forEachBinPower` body.
    private struct PowerChunks {
        private var pending = [Double](repeating: 0, count: chunk)
        private var start = 0
        private var filled = 0

        mutating func append(_ power: Double, _ body: (Int, UnsafeBufferPointer<Double>) -> Void) {
            pending[filled] = power
            filled += 1
            if filled == chunk { finish(body) }
        }

        mutating func finish(_ body: (Int, UnsafeBufferPointer<Double>) -> Void) {
            guard filled > 0 else { return }
            let (start, filled) = (self.start, self.filled)
            pending.withUnsafeBufferPointer { body(start, UnsafeBufferPointer(rebasing: $0[0..<filled])) }
            self.start += filled
            self.filled = 0
        }
    }

    /// Hands the `bins` complex values at `c` to `body` as chunks of float64 powers.
    private static func emitPowers(_ c: UnsafePointer<Float>, bins: Int, _ body: (Int, UnsafeBufferPointer<Double>) -> Void) {
        var pending = [Double](repeating: 0, count: chunk)
        pending.withUnsafeMutableBufferPointer { buffer in
            guard let out = buffer.baseAddress else { return }
            var start = 0
            while start < bins {
                let count = min(chunk, bins - start)
                let z = c + 2 * start
                // A plain loop over the chunk, which LLVM vectorises.
                for i in 0..<count {
                    let re = Double(z[2 * i])
                    let im = Double(z[2 * i + 1])
                    out[i] = re * re + im * im
                }
                body(start, UnsafeBufferPointer(start: out, count: count))
                start += count
            }
        }
    }

    /// Short signals: FFTW's out-of-place real plan, its fastest, with a cached
    /// plan; the second buffer is small at these lengths.
    private static func outOfPlace(_ y: UnsafeBufferPointer<Float>, _ body: (Int, UnsafeBufferPointer<Double>) -> Void) {
        let n = y.count
        let input = FFTBuffer(floats: n, copying: y)
        let output = FFTBuffer(uninitialized: 2 * (n / 2 + 1))
        FFTPlan.withPlan(.realToComplex, n: n) { $0.forward(input, output) }
        // The pointer is only valid while the buffer lives.
        withExtendedLifetime(output) { emitPowers(output.floats, bins: n / 2 + 1, body) }
    }

    private static func direct(_ y: UnsafeBufferPointer<Float>, _ body: (Int, UnsafeBufferPointer<Double>) -> Void) {
        let n = y.count
        let buffer = FFTBuffer(floats: 2 * (n / 2 + 1), copying: y)
        FFTPlan.withPlan(.realToComplexInPlace, n: n, buffer: buffer) { $0.executeInPlace(buffer) }
        withExtendedLifetime(buffer) { emitPowers(buffer.floats, bins: n / 2 + 1, body) }
    }

    /// Even n: the samples as n/2 complex values `z[m] = y[2m] + i·y[2m+1]`, one
    /// complex FFT of length n/2 in place, then the real spectrum from
    /// `X[k] = E[k] + e^{−2πik/n}·O[k]` with `E[k] = (Z[k] + conj Z[−k])/2` and
    /// `O[k] = (Z[k] − conj Z[−k])/2i`. FFTW's tables for the half-length
    /// complex plan take about half the memory of a real plan of length n.
    private static func halfLengthComplex(_ y: UnsafeBufferPointer<Float>, _ body: (Int, UnsafeBufferPointer<Double>) -> Void) {
        let n = y.count
        let m = n / 2
        let buffer = FFTBuffer(floats: n, copying: y)
        FFTPlan.withPlan(.complexForward, n: m, buffer: buffer) { $0.executeInPlace(buffer) }
        let z = buffer.floats
        var w = (re: 1.0, im: 0.0)
        let step = (re: cos(2 * Double.pi / Double(n)), im: -sin(2 * Double.pi / Double(n)))
        var chunks = PowerChunks()
        for k in 0...m {
            if k % 4096 == 0 {
                // Re-anchor the twiddle recurrence so rounding cannot build up.
                w = (cos(2 * Double.pi * Double(k) / Double(n)), -sin(2 * Double.pi * Double(k) / Double(n)))
            }
            // Z is periodic in m: Z[m] = Z[0].
            let a = k == m ? 0 : k
            let b = k == 0 ? 0 : m - k
            let (zr, zi) = (Double(z[2 * a]), Double(z[2 * a + 1]))
            let (cr, ci) = (Double(z[2 * b]), -Double(z[2 * b + 1]))
            let (er, ei) = (0.5 * (zr + cr), 0.5 * (zi + ci))
            // (Z − conj Z₋)/2i = (im, −re)/2 of the difference.
            let (or, oi) = (0.5 * (zi - ci), -0.5 * (zr - cr))
            let re = er + w.re * or - w.im * oi
            let im = ei + w.re * oi + w.im * or
            chunks.append(re * re + im * im, body)
            w = (w.re * step.re - w.im * step.im, w.re * step.im + w.im * step.re)
        }
        chunks.finish(body)
    }

    private static func bluestein(_ y: UnsafeBufferPointer<Float>, _ body: (Int, UnsafeBufferPointer<Double>) -> Void) {
        let n = y.count
        let m = smoothLength(atLeast: 2 * n - 1)
        let a = FFTBuffer(floats: 2 * m)
        let b = FFTBuffer(floats: 2 * m)
        // w[j] = exp(iπj²/n) by recurrence in double: w[j+1] = w[j]·r[j], r[j+1] = r[j]·q.
        let q = (re: cospi(2 / Double(n)), im: sinpi(2 / Double(n)))
        var w = (re: 1.0, im: 0.0)
        var r = (re: cospi(1 / Double(n)), im: sinpi(1 / Double(n)))
        for j in 0..<n {
            let x = Double(y[j])
            a.floats[2 * j] = Float(x * w.re)
            a.floats[2 * j + 1] = Float(-x * w.im)
            b.floats[2 * j] = Float(w.re)
            b.floats[2 * j + 1] = Float(w.im)
            if j > 0 {
                b.floats[2 * (m - j)] = Float(w.re)
                b.floats[2 * (m - j) + 1] = Float(w.im)
            }
            w = (w.re * r.re - w.im * r.im, w.re * r.im + w.im * r.re)
            r = (r.re * q.re - r.im * q.im, r.re * q.im + r.im * q.re)
        }
        FFTPlan.withPlan(.complexForward, n: m) { plan in
            plan.executeInPlace(a)
            plan.executeInPlace(b)
        }
        for i in 0..<m {
            let (ar, ai) = (a.floats[2 * i], a.floats[2 * i + 1])
            let (br, bi) = (b.floats[2 * i], b.floats[2 * i + 1])
            a.floats[2 * i] = ar * br - ai * bi
            a.floats[2 * i + 1] = ar * bi + ai * br
        }
        FFTPlan.withPlan(.complexBackward, n: m) { $0.executeInPlace(a) }
        let scale = 1 / (Double(m) * Double(m))
        var chunks = PowerChunks()
        for k in 0...(n / 2) {
            let re = Double(a.floats[2 * k])
            let im = Double(a.floats[2 * k + 1])
            chunks.append((re * re + im * im) * scale, body)
        }
        chunks.finish(body)
    }

    static func largestPrimeFactor(_ n: Int) -> Int {
        var rest = n
        var largest = 1
        var d = 2
        while d * d <= rest {
            while rest % d == 0 {
                rest /= d
                largest = d
            }
            d += 1
        }
        return max(largest, rest)
    }

    /// The smallest length ≥ `n` whose prime factors are 2, 3, 5 and 7.
    static func smoothLength(atLeast n: Int) -> Int {
        var m = max(1, n)
        while true {
            var rest = m
            for p in [2, 3, 5, 7] { while rest % p == 0 { rest /= p } }
            if rest == 1 { return m }
            m += 1
        }
    }

    private static func cospi(_ x: Double) -> Double { cos(Double.pi * x) }
    private static func sinpi(_ x: Double) -> Double { sin(Double.pi * x) }
}
