import Foundation

/// The autocorrelation of a Hann-windowed frame sliding one sample at a time.
///
/// For lag k the windowed autocorrelation is `r_t[k] = Σ_j w[j]·w[j+k]·p[t+j]`
/// over `j < L = N − k`, with `p[m] = x[m]·x[m+k]` and the periodic Hann
/// window `w[j] = ½ − ½·cos θj`, θ = 2π/N. The product `w[j]·w[j+k]` expands
/// into 1, cos θj, sin θj, cos 2θj and sin 2θj with coefficients that depend
/// only on k, so `r_t[k]` is a fixed combination of three sliding sums,
/// `S0 = Σ p[t+j]`, `S1 = Σ p[t+j]·e^{iθj}` and `S2 = Σ p[t+j]·e^{2iθj}`.
/// Moving to t + 1 drops `p[t]`, adds `p[t+L]` at position L and turns the
/// phases back by one step. Everything is float64; the rotations have unit
/// modulus, so rounding grows only linearly with the frame count.
struct SlidingAutocorrelation {
    private let x: [Double]
    private let n: Int
    private var t = 0
    // Per-lag state and constants, indexed by k.
    private var s0, c1, d1, c2, d2: [Double]
    private let a0, a1, b1, a2, b2: [Double]
    private let entry1Re, entry1Im, entry2Re, entry2Im: [Double]
    private let step1: (cos: Double, sin: Double)
    private let step2: (cos: Double, sin: Double)

    /// - Parameters:
    ///   - x: the padded signal; frame t covers `x[t ..< t + winLength]`.
    ///   - winLength: window length N, > 0.
    init(_ x: [Double], winLength: Int) {
        self.x = x
        n = winLength
        let theta = 2 * Double.pi / Double(winLength)
        let lags = 0..<winLength
        a0 = lags.map { 0.25 * (1 + 0.5 * cos(theta * Double($0))) }
        a1 = lags.map { -0.25 * (1 + cos(theta * Double($0))) }
        b1 = lags.map { 0.25 * sin(theta * Double($0)) }
        a2 = lags.map { 0.125 * cos(theta * Double($0)) }
        b2 = lags.map { -0.125 * sin(theta * Double($0)) }
        entry1Re = lags.map { cos(theta * Double(winLength - $0)) }
        entry1Im = lags.map { sin(theta * Double(winLength - $0)) }
        entry2Re = lags.map { cos(2 * theta * Double(winLength - $0)) }
        entry2Im = lags.map { sin(2 * theta * Double(winLength - $0)) }
        step1 = (cos(theta), sin(theta))
        step2 = (cos(2 * theta), sin(2 * theta))
        var s0 = [Double](repeating: 0, count: winLength)
        var c1 = s0, d1 = s0, c2 = s0, d2 = s0
        let cos1 = lags.map { cos(theta * Double($0)) }, sin1 = lags.map { sin(theta * Double($0)) }
        let cos2 = lags.map { cos(2 * theta * Double($0)) }, sin2 = lags.map { sin(2 * theta * Double($0)) }
        for k in lags {
            for j in 0..<(winLength - k) where j + k < x.count {
                let p = x[j] * x[j + k]
                s0[k] += p
                c1[k] += p * cos1[j]
                d1[k] += p * sin1[j]
                c2[k] += p * cos2[j]
                d2[k] += p * sin2[j]
            }
        }
        (self.s0, self.c1, self.d1, self.c2, self.d2) = (s0, c1, d1, c2, d2)
    }

    /// `r_t[k]` for every lag of the current frame.
    func autocorrelation(into r: inout [Double]) {
        let n = self.n
        r.withUnsafeMutableBufferPointer { out in
            a0.withUnsafeBufferPointer { a0 in a1.withUnsafeBufferPointer { a1 in b1.withUnsafeBufferPointer { b1 in
            a2.withUnsafeBufferPointer { a2 in b2.withUnsafeBufferPointer { b2 in
            s0.withUnsafeBufferPointer { s0 in c1.withUnsafeBufferPointer { c1 in d1.withUnsafeBufferPointer { d1 in
            c2.withUnsafeBufferPointer { c2 in d2.withUnsafeBufferPointer { d2 in
                for k in 0..<n {
                    out[k] = a0[k] * s0[k] + a1[k] * c1[k] + b1[k] * d1[k] + a2[k] * c2[k] + b2[k] * d2[k]
                }
            } } } } } } } } } }
        }
    }

    /// Moves to the next frame; `x` must hold `x[t + winLength]`.
    mutating func advance() {
        let (n, t, step1, step2) = (self.n, self.t, self.step1, self.step2)
        defer { self.t += 1 }
        x.withUnsafeBufferPointer { x in
            let last = x[t + n], first = x[t]
            entry1Re.withUnsafeBufferPointer { e1r in entry1Im.withUnsafeBufferPointer { e1i in
            entry2Re.withUnsafeBufferPointer { e2r in entry2Im.withUnsafeBufferPointer { e2i in
            s0.withUnsafeMutableBufferPointer { s0 in c1.withUnsafeMutableBufferPointer { c1 in
            d1.withUnsafeMutableBufferPointer { d1 in c2.withUnsafeMutableBufferPointer { c2 in
            d2.withUnsafeMutableBufferPointer { d2 in
                for k in 0..<n {
                    let old = first * x[t + k]
                    let new = x[t + n - k] * last
                    s0[k] += new - old
                    // Add the new term at position L = N − k, drop the old one at 0, then rotate by −θ (−2θ).
                    let re1 = c1[k] - old + new * e1r[k], im1 = d1[k] + new * e1i[k]
                    c1[k] = re1 * step1.cos + im1 * step1.sin
                    d1[k] = im1 * step1.cos - re1 * step1.sin
                    let re2 = c2[k] - old + new * e2r[k], im2 = d2[k] + new * e2i[k]
                    c2[k] = re2 * step2.cos + im2 * step2.sin
                    d2[k] = im2 * step2.cos - re2 * step2.sin
                }
            } } } } } } } } }
        }
    }
}
