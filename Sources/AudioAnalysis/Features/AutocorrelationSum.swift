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
/// Everything is float64. The two parts cancel: their rounding error is at
/// most about `ε·log₂M·Σs·Σx²` per lag, which is tiny while the per-frame
/// scales `s_t` are of one order of magnitude, but not when a frame holds
/// almost nothing (a window just touching sound after digital silence has a
/// huge `s_t`). Such frames, largest scale first, are taken out of the FFT
/// sums until the bound on the rest is below `tolerance`, and computed one
/// by one (O(N²) each), as librosa does every frame.
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

        let fft = ComplexFFT(count: m)
        // Phases e^{iθj} for j < N, indexed by (q·m) mod N: exact arguments.
        let theta = 2 * Double.pi / Double(n)
        let cosN = (0..<n).map { cos(theta * Double($0)) }
        let sinN = (0..<n).map { sin(theta * Double($0)) }

        // X̂, the transform of x.
        var xr = [Double](repeating: 0, count: m), xi = xr
        for (i, v) in x.enumerated() { xr[i] = v }
        xr.withUnsafeMutableBufferPointer { r in xi.withUnsafeMutableBufferPointer { fft.forward(re: r.baseAddress!, im: $0.baseAddress!) } }

        var gr = [Double](repeating: 0, count: m), gi = gr, hr = gr, hi = gr
        var prefixRe = [Double](repeating: 0, count: t + 1), prefixIm = prefixRe
        for q in 0...2 {
            prefixSums(scales, q: q, cos: cosN, sin: sinN, re: &prefixRe, im: &prefixIm)
            // G[m] and H[m]; zero past x.
            for i in 0..<m {
                guard i < x.count else {
                    (gr[i], gi[i], hr[i], hi[i]) = (0, 0, 0, 0)
                    continue
                }
                let phase = (q * i) % n
                let (pr, pi) = (x[i] * cosN[phase], x[i] * sinN[phase])
                let g = min(max(i + 1, 0), t), h = min(max(i + 1 - n, 0), t)
                (gr[i], gi[i]) = (pr * prefixRe[g] - pi * prefixIm[g], pr * prefixIm[g] + pi * prefixRe[g])
                (hr[i], hi[i]) = (pr * prefixRe[h] - pi * prefixIm[h], pr * prefixIm[h] + pi * prefixRe[h])
            }
            gr.withUnsafeMutableBufferPointer { r in gi.withUnsafeMutableBufferPointer { fft.forward(re: r.baseAddress!, im: $0.baseAddress!) } }
            hr.withUnsafeMutableBufferPointer { r in hi.withUnsafeMutableBufferPointer { fft.forward(re: r.baseAddress!, im: $0.baseAddress!) } }
            // R1 = IDFT(X̂[f]·Ĝ[−f]) into g, R2 = IDFT(conj X̂[f]·Ĥ[f]) into h.
            for f in 0...(m / 2) {
                let mf = (m - f) & (m - 1)
                let (x1r, x1i) = (xr[f], xi[f]), (x2r, x2i) = (xr[mf], xi[mf])
                let (g1r, g1i) = (gr[mf], gi[mf]), (g2r, g2i) = (gr[f], gi[f])
                let (h1r, h1i) = (hr[f], hi[f]), (h2r, h2i) = (hr[mf], hi[mf])
                (gr[f], gi[f]) = (x1r * g1r - x1i * g1i, x1r * g1i + x1i * g1r)
                (gr[mf], gi[mf]) = (x2r * g2r - x2i * g2i, x2r * g2i + x2i * g2r)
                (hr[f], hi[f]) = (x1r * h1r + x1i * h1i, x1r * h1i - x1i * h1r)
                (hr[mf], hi[mf]) = (x2r * h2r + x2i * h2i, x2r * h2i - x2i * h2r)
            }
            gr.withUnsafeMutableBufferPointer { r in gi.withUnsafeMutableBufferPointer { fft.backward(re: r.baseAddress!, im: $0.baseAddress!) } }
            hr.withUnsafeMutableBufferPointer { r in hi.withUnsafeMutableBufferPointer { fft.backward(re: r.baseAddress!, im: $0.baseAddress!) } }
            // Z_q[k] = R1[k] − e^{−iqθk}·R2[k], then its share of r by the window coefficients.
            let inverseM = 1 / Double(m)
            for k in 0..<n {
                let phase = (q * k) % n
                let (er, ei) = (cosN[phase], -sinN[phase])
                let zr = (gr[k] - (er * hr[k] - ei * hi[k])) * inverseM
                let zi = (gi[k] - (er * hi[k] + ei * hr[k])) * inverseM
                let (c, s) = (cosN[k], sinN[k])
                switch q {
                case 0: total[k] += 0.25 * (1 + 0.5 * c) * zr
                case 1: total[k] += -0.25 * (1 + c) * zr + 0.25 * s * zi
                default: total[k] += 0.125 * c * zr - 0.125 * s * zi
                }
            }
        }
        return total.map { $0 / Double(t) }
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
                    acc += UnsafeRawPointer(u + j).loadUnaligned(as: SIMD4<Double>.self)
                        * UnsafeRawPointer(u + j + k).loadUnaligned(as: SIMD4<Double>.self)
                    j += 4
                }
                var r = acc.sum()
                while j < n - k { r += u[j] * u[j + k]; j += 1 }
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
                (0..<frames).map { t -> Double in
                    let (w, y) = (wb.baseAddress!, xb.baseAddress! + t)
                    var acc = SIMD4<Double>.zero
                    var j = 0
                    while j + 4 <= n {
                        let a = UnsafeRawPointer(w + j).loadUnaligned(as: SIMD4<Double>.self)
                        let b = UnsafeRawPointer(y + j).loadUnaligned(as: SIMD4<Double>.self)
                        acc += a * b
                        j += 4
                    }
                    var r0 = acc.sum()
                    while j < n { r0 += w[j] * y[j]; j += 1 }
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
