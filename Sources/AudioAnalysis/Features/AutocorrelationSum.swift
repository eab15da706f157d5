import Foundation

/// The sum over frames of Hann-windowed autocorrelations, each divided by its
/// lag-0 value, computed with a few FFTs instead of frame by frame.
///
/// Frame t covers `x[t ..< t + N]`. Its windowed autocorrelation at lag k is
/// `r_t[k] = Σ_j g_k[j]·x[t+j]·x[t+j+k]` over `j < L = N − k`, where
/// `g_k[j] = w[j]·w[j+k]` for the periodic Hann window w (θ = 2π/N) is
/// `a0 + a1·cos θj + b1·sin θj + a2·cos 2θj + b2·sin 2θj` with coefficients
/// that depend on k only (see `SlidingAutocorrelation`). So
/// `r_t[k] = a0·E0 + Σ_{q=1,2} (a_q·Re E_q + b_q·Im E_q)` with
/// `E_q = Σ_j x[t+j]·x[t+j+k]·e^{iqθj}`.
///
/// With `s_t = 1 / r_t[0]`, swapping the sums over frames and samples gives
/// `Σ_t s_t·E_q,t[k] = Σ_m x[m]·x[m+k]·e^{iqθm}·(C_q[m+1] − C_q[m+1−L])`, where
/// `C_q[i] = Σ_{t<i} s_t·e^{−iqθt}` (clamped to 0 ≤ i ≤ T). The `C_q[m+1]` part is
/// the cross-correlation `Σ_m G[m]·x[m+k]` of `G[m] = x[m]·e^{iqθm}·C_q[m+1]`
/// with x; the `C_q[m+1−L]` part, after `n = m + k`, is `e^{−iqθk}·Σ_n H[n]·x[n−k]`
/// with `H[n] = x[n]·e^{iqθn}·C_q[n+1−N]`. Both are read off one FFT product
/// each, for every lag at once: O(M log M) with M ≥ len(x) + N, instead of
/// O(T·N) for the sliding sums.
///
/// Everything is float64, the transforms too (FFTW's double-precision complex
/// plans). The two parts cancel: their rounding error is at most about
/// `ε·log₂M·Σs·Σx²` per lag, which is tiny while the per-frame scales `s_t`
/// are of one order of magnitude, but not when a frame holds almost nothing
/// (a window just touching sound after digital silence has a huge `s_t`).
/// Such frames, largest scale first, are taken out of the FFT sums until the
/// bound on the rest is below `tolerance`, and computed one by one (O(N²)
/// each), as librosa does every frame.
enum AutocorrelationSum {
    /// Largest accepted rounding bound on the mean normalised autocorrelation (which is ≤ 1).
    static let tolerance = 1e-9
    /// Frames computed one by one, at most; more and the caller uses `SlidingAutocorrelation`.
    static func directFrameLimit(frames: Int) -> Int { max(64, frames / 16) }

    /// `[winLength]` mean over the `frames` frames of `r_t[k] / r_t[0]`.
    ///
    /// A frame with `r_t[0] = 0` adds zero; one with `r_t[0]` below the smallest
    /// normal double is added unnormalised (librosa's `util.normalize`).
    /// - Parameters:
    ///   - x: the padded signal; frame t covers `x[t ..< t + winLength]`, so
    ///     `x.count ≥ frames + winLength − 1`.
    ///   - frames: number of frames T, > 0.
    ///   - winLength: window length N, > 0.
    /// - Returns: the means, or nil when more than `directFrameLimit` frames would
    ///   have to be computed one by one.
    static func meanNormalised(_ x: [Double], frames: Int, winLength: Int) -> [Double]? {
        let (t, n) = (frames, winLength)
        guard t > 0, n > 0, x.count >= t + n - 1 else { return nil }
        var scales = frameScales(x, frames: t, winLength: n)
        let energy = x.reduce(0) { $0 + $1 * $1 }
        var m = 1
        while m < x.count + n - 1 { m *= 2 }
        // Σs allowed in the FFT sums for a rounding bound of `tolerance`.
        let budget = tolerance * Double(t) / (16 * Double.ulpOfOne * Double(m.trailingZeroBitCount + 1) * energy)
        var direct: [Int] = []
        if scales.reduce(0, +) > budget {
            var rest = scales.reduce(0, +)
            for frame in scales.indices.sorted(by: { scales[$0] > scales[$1] }) where rest > budget {
                guard direct.count < directFrameLimit(frames: t) else { return nil }
                direct.append(frame)
                rest -= scales[frame]
            }
        }
        var total = [Double](repeating: 0, count: n)
        for frame in direct {
            addDirect(x, frame: frame, winLength: n, scale: scales[frame], into: &total)
            scales[frame] = 0
        }
        guard scales.contains(where: { $0 != 0 }) else { return total.map { $0 / Double(t) } }
        guard scales.reduce(0, +) <= budget else { return nil }

        return correlationSums(x, scales: scales, winLength: n, length: m, adding: total).map { $0 / Double(t) }
    }

    /// `total[k] + Σ_t s_t·r_t[k]` for every lag k < N, from FFTs of length `m`
    /// (a power of two ≥ len(x) + N − 1, so the circular correlations are linear).
    private static func correlationSums(
        _ x: [Double], scales: [Double], winLength n: Int, length m: Int, adding total: [Double]
    ) -> [Double] {
        var total = total
        // Phases e^{iθj} for j < N, indexed by (q·m) mod N: exact arguments.
        let theta = 2 * Double.pi / Double(n)
        let cosN = (0..<n).map { cos(theta * Double($0)) }
        let sinN = (0..<n).map { sin(theta * Double($0)) }

        // X̂, the transform of x. x is real, but it goes through the complex plan
        // that G and H need anyway: with FFTW_ESTIMATE, planning a real (r2c)
        // transform of these lengths (a few thousand points for minutes of
        // audio) costs FFTW 10 to 30 million instructions, many times what one
        // more complex transform does.
        let spectrum = DoubleFFTBuffer(doubles: 2 * m)
        for (i, v) in x.enumerated() { spectrum.doubles[2 * i] = v }
        FFTPlan.withPlan(.complexForward, n: m, precision: .double) { $0.executeInPlace(spectrum) }

        let g = DoubleFFTBuffer(doubles: 2 * m)
        let h = DoubleFFTBuffer(doubles: 2 * m)
        var prefixRe = [Double](repeating: 0, count: scales.count + 1)
        var prefixIm = prefixRe
        for q in 0...2 {
            prefixSums(scales, q: q, cos: cosN, sin: sinN, re: &prefixRe, im: &prefixIm)
            weightedSignals(x, q: q, prefixRe: prefixRe, prefixIm: prefixIm, cos: cosN, sin: sinN, g: g, h: h, length: m)
            FFTPlan.withPlan(.complexForward, n: m, precision: .double) { plan in
                plan.executeInPlace(g)
                plan.executeInPlace(h)
            }
            multiplySpectra(spectrum, g, h, length: m)
            FFTPlan.withPlan(.complexBackward, n: m, precision: .double) { plan in
                plan.executeInPlace(g)
                plan.executeInPlace(h)
            }
            addWindowShares(q: q, r1: g, r2: h, cos: cosN, sin: sinN, scale: 1 / Double(m), into: &total)
        }
        return total
    }

    /// `G[m] = x[m]·e^{iqθm}·C_q[m+1]` into `g` and `H[m] = x[m]·e^{iqθm}·C_q[m+1−N]`
    /// into `h` (C_q clamped to 0 ... T), both zero past x up to `length`.
    private static func weightedSignals(
        _ x: [Double], q: Int, prefixRe: [Double], prefixIm: [Double], cos cosN: [Double], sin sinN: [Double],
        g: DoubleFFTBuffer, h: DoubleFFTBuffer, length m: Int
    ) {
        let (n, frames) = (cosN.count, prefixRe.count - 1)
        let (gs, hs) = (g.doubles, h.doubles)
        for i in 0..<x.count {
            let phase = (q * i) % n
            let (pr, pi) = (x[i] * cosN[phase], x[i] * sinN[phase])
            let a = min(i + 1, frames)
            let b = min(max(i + 1 - n, 0), frames)
            (gs[2 * i], gs[2 * i + 1]) = (pr * prefixRe[a] - pi * prefixIm[a], pr * prefixIm[a] + pi * prefixRe[a])
            (hs[2 * i], hs[2 * i + 1]) = (pr * prefixRe[b] - pi * prefixIm[b], pr * prefixIm[b] + pi * prefixRe[b])
        }
        (gs + 2 * x.count).update(repeating: 0, count: 2 * (m - x.count))
        (hs + 2 * x.count).update(repeating: 0, count: 2 * (m - x.count))
    }

    /// Ĝ ← X̂[f]·Ĝ[−f] and Ĥ ← conj X̂[f]·Ĥ[f] for every f (indices mod m), so
    /// that the inverse transforms are R1 = Σ_m G[m]·x[m+k] and R2 = Σ_n H[n]·x[n−k].
    private static func multiplySpectra(_ spectrum: DoubleFFTBuffer, _ g: DoubleFFTBuffer, _ h: DoubleFFTBuffer, length m: Int) {
        let (xs, gs, hs) = (spectrum.doubles, g.doubles, h.doubles)
        // Bins f and −f together, since each needs the other's Ĝ.
        for f in 0...(m / 2) {
            let mf = (m - f) & (m - 1)
            let (x1r, x1i) = (xs[2 * f], xs[2 * f + 1])
            let (x2r, x2i) = (xs[2 * mf], xs[2 * mf + 1])
            let (g1r, g1i) = (gs[2 * mf], gs[2 * mf + 1])
            let (g2r, g2i) = (gs[2 * f], gs[2 * f + 1])
            let (h1r, h1i) = (hs[2 * f], hs[2 * f + 1])
            let (h2r, h2i) = (hs[2 * mf], hs[2 * mf + 1])
            (gs[2 * f], gs[2 * f + 1]) = (x1r * g1r - x1i * g1i, x1r * g1i + x1i * g1r)
            (gs[2 * mf], gs[2 * mf + 1]) = (x2r * g2r - x2i * g2i, x2r * g2i + x2i * g2r)
            (hs[2 * f], hs[2 * f + 1]) = (x1r * h1r + x1i * h1i, x1r * h1i - x1i * h1r)
            (hs[2 * mf], hs[2 * mf + 1]) = (x2r * h2r + x2i * h2i, x2r * h2i - x2i * h2r)
        }
    }

    /// Adds, for each lag k < N, the share of `Z_q[k] = R1[k] − e^{−iqθk}·R2[k]`
    /// (R1, R2 unnormalised inverse transforms, times `scale`) that the window
    /// coefficients a_q, b_q give r.
    private static func addWindowShares(
        q: Int, r1: DoubleFFTBuffer, r2: DoubleFFTBuffer, cos cosN: [Double], sin sinN: [Double], scale: Double,
        into total: inout [Double]
    ) {
        let n = cosN.count
        let (r1s, r2s) = (r1.doubles, r2.doubles)
        for k in 0..<n {
            let phase = (q * k) % n
            let (er, ei) = (cosN[phase], -sinN[phase])
            let zr = (r1s[2 * k] - (er * r2s[2 * k] - ei * r2s[2 * k + 1])) * scale
            let zi = (r1s[2 * k + 1] - (er * r2s[2 * k + 1] + ei * r2s[2 * k])) * scale
            let (c, s) = (cosN[k], sinN[k])
            switch q {
            case 0: total[k] += 0.25 * (1 + 0.5 * c) * zr
            case 1: total[k] += -0.25 * (1 + c) * zr + 0.25 * s * zi
            default: total[k] += 0.125 * c * zr - 0.125 * s * zi
            }
        }
    }

    /// Adds `scale·r_t[k]` for frame t, computed from its windowed samples.
    private static func addDirect(_ x: [Double], frame t: Int, winLength n: Int, scale: Double, into total: inout [Double]) {
        let theta = 2 * Double.pi / Double(n)
        let u = (0..<n).map { j in (0.5 - 0.5 * cos(theta * Double(j))) * x[t + j] }
        u.withUnsafeBufferPointer { ub in
            guard let u = ub.baseAddress else { return }
            for k in 0..<n {
                var acc = SIMD4<Double>.zero
                var j = 0
                while j + 4 <= n - k {
                    acc +=
                        UnsafeRawPointer(u + j).loadUnaligned(as: SIMD4<Double>.self)
                        * UnsafeRawPointer(u + j + k).loadUnaligned(as: SIMD4<Double>.self)
                    j += 4
                }
                var r = acc.sum()
                while j < n - k {
                    r += u[j] * u[j + k]
                    j += 1
                }
                total[k] += scale * r
            }
        }
    }

    /// `s_t`: 1 / r_t[0], 1 when r_t[0] is subnormal, 0 when it is 0 (the frame adds nothing).
    static func frameScales(_ x: [Double], frames: Int, winLength n: Int) -> [Double] {
        let theta = 2 * Double.pi / Double(n)
        let w2 = (0..<n).map { j -> Double in
            let w = 0.5 - 0.5 * cos(theta * Double(j))
            return w * w
        }
        let squares = x.map { $0 * $0 }
        return w2.withUnsafeBufferPointer { wb in
            squares.withUnsafeBufferPointer { xb in
                guard let w = wb.baseAddress, let squares = xb.baseAddress else { return [Double](repeating: 0, count: frames) }
                return (0..<frames).map { t -> Double in
                    let y = squares + t
                    var acc = SIMD4<Double>.zero
                    var j = 0
                    while j + 4 <= n {
                        let a = UnsafeRawPointer(w + j).loadUnaligned(as: SIMD4<Double>.self)
                        let b = UnsafeRawPointer(y + j).loadUnaligned(as: SIMD4<Double>.self)
                        acc += a * b
                        j += 4
                    }
                    var r0 = acc.sum()
                    while j < n {
                        r0 += w[j] * y[j]
                        j += 1
                    }
                    return r0 == 0 ? 0 : (r0 < Double.leastNormalMagnitude ? 1 : 1 / r0)
                }
            }
        }
    }

    /// `C_q[i] = Σ_{t<i} s_t·e^{−iqθt}` for i in 0 ... T, Kahan-compensated.
    private static func prefixSums(
        _ scales: [Double], q: Int, cos cosN: [Double], sin sinN: [Double], re: inout [Double], im: inout [Double]
    ) {
        let n = cosN.count
        var (sr, si) = (0.0, 0.0)
        var (cr, ci) = (0.0, 0.0)
        re[0] = 0
        im[0] = 0
        for (t, s) in scales.enumerated() {
            let phase = (q * t) % n
            let (yr, yi) = (s * cosN[phase] - cr, -s * sinN[phase] - ci)
            let (nr, ni) = (sr + yr, si + yi)
            (cr, ci) = ((nr - sr) - yr, (ni - si) - yi)
            (sr, si) = (nr, ni)
            re[t + 1] = sr
            im[t + 1] = si
        }
    }
}
