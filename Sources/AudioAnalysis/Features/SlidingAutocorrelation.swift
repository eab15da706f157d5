import Foundation

/// The autocorrelation of a Hann-windowed frame sliding one sample at a time,
/// summed over frames after normalising each frame by its largest value.
///
/// For lag k the windowed autocorrelation is `r_t[k] = Σ_j w[j]·w[j+k]·p[t+j]`
/// over `j < L = N − k`, with `p[m] = x[m]·x[m+k]` and the periodic Hann
/// window `w[j] = ½ − ½·cos θj`, θ = 2π/N. The product `w[j]·w[j+k]` expands
/// into 1, cos θj, sin θj, cos 2θj and sin 2θj with coefficients that depend
/// only on k, so `r_t[k]` is a fixed combination of three sliding sums,
/// `S0 = Σ p[t+j]`, `S1 = Σ p[t+j]·e^{iθj}` and `S2 = Σ p[t+j]·e^{2iθj}`.
/// Moving to t + 1 drops `p[t]`, adds `p[t+L]` at position L and turns the
/// phases back by one step. Everything is float64; the sums are recomputed
/// exactly every `reanchorInterval` frames so rounding cannot build up, and a
/// frame whose windowed samples are all zero contributes exactly zero, as in
/// librosa (its sums may hold rounding residue, which must not be normalised).
///
/// The largest |r_t[k]| is r_t[0] (Cauchy–Schwarz on the windowed frame), so
/// librosa's `norm=np.inf` divides by r_t[0]. Lags go four at a time (`SIMD4<Double>`).
struct SlidingAutocorrelation {
    typealias D4 = SIMD4<Double>

    /// Frames between exact recomputations of the sliding sums.
    static let reanchorInterval = 1024
    private static let lead = 8

    /// The padded signal with 8 zeros before and N + 8 after, so every
    /// four-lane load (including the unused lanes past N) stays inside.
    private let x: [Double]
    /// `x` reversed, so the run `x[t+N−k−3 … t+N−k]` read for four lags is a forward load.
    private let reversed: [Double]
    private let n: Int
    /// Lags rounded up to a multiple of 4; lanes past N have zero coefficients.
    let lanes: Int
    private var t = 0
    /// Non-zero samples at window positions 1 ..< N (the Hann window is 0 at position 0).
    private var nonZero = 0
    /// Per-lag state, five runs of `lanes`: S0, Re S1, Im S1, Re S2, Im S2.
    private var state: [Double]
    /// Per-lag constants, nine runs of `lanes`: the five mixing coefficients of
    /// S0, Re S1, Im S1, Re S2, Im S2, then the entry phases e^{iθL} and e^{2iθL}.
    private let constants: [Double]
    // cos θj, sin θj, cos 2θj, sin 2θj for j < N.
    private let cos1, sin1, cos2, sin2: [Double]
    private let step1: (cos: Double, sin: Double)
    private let step2: (cos: Double, sin: Double)

    /// - Parameters:
    ///   - x: the padded signal; frame t covers `x[t ..< t + winLength]`.
    ///   - winLength: window length N, > 0.
    init(_ x: [Double], winLength: Int) {
        self.x = [Double](repeating: 0, count: Self.lead) + x + [Double](repeating: 0, count: winLength + 8)
        reversed = self.x.reversed()
        n = winLength
        let laneCount = (winLength + 3) / 4 * 4
        lanes = laneCount
        let theta = 2 * Double.pi / Double(winLength)
        let table = { (f: (Int) -> Double) -> [Double] in
            (0..<laneCount).map { $0 < winLength ? f($0) : 0 }
        }
        constants =
            table { 0.25 * (1 + 0.5 * cos(theta * Double($0))) }
            + table { -0.25 * (1 + cos(theta * Double($0))) }
            + table { 0.25 * sin(theta * Double($0)) }
            + table { 0.125 * cos(theta * Double($0)) }
            + table { -0.125 * sin(theta * Double($0)) }
            + table { cos(theta * Double(winLength - $0)) }
            + table { sin(theta * Double(winLength - $0)) }
            + table { cos(2 * theta * Double(winLength - $0)) }
            + table { sin(2 * theta * Double(winLength - $0)) }
        cos1 = (0..<winLength).map { cos(theta * Double($0)) }
        sin1 = (0..<winLength).map { sin(theta * Double($0)) }
        cos2 = (0..<winLength).map { cos(2 * theta * Double($0)) }
        sin2 = (0..<winLength).map { sin(2 * theta * Double($0)) }
        step1 = (cos(theta), sin(theta))
        step2 = (cos(2 * theta), sin(2 * theta))
        state = [Double](repeating: 0, count: 5 * laneCount)
        reanchor()
    }

    /// Recomputes the sums of frame `t` directly: O(N²/2) multiply-adds.
    private mutating func reanchor() {
        let (n, t, lanes) = (self.n, self.t, self.lanes)
        var state = self.state
        x.withUnsafeBufferPointer { xb in
            guard let start = xb.baseAddress else { return }
            let x = start + Self.lead + t
            for k in 0..<n {
                var sums = (0.0, 0.0, 0.0, 0.0, 0.0)
                for j in 0..<(n - k) {
                    let p = x[j] * x[j + k]
                    sums.0 += p
                    sums.1 += p * cos1[j]
                    sums.2 += p * sin1[j]
                    sums.3 += p * cos2[j]
                    sums.4 += p * sin2[j]
                }
                (state[k], state[lanes + k], state[2 * lanes + k], state[3 * lanes + k], state[4 * lanes + k]) = sums
            }
            nonZero = (1..<max(1, n)).reduce(0) { $0 + (x[$1] != 0 ? 1 : 0) }
        }
        self.state = state
    }

    @inline(__always)
    private static func load(_ p: UnsafePointer<Double>) -> D4 {
        UnsafeRawPointer(p).loadUnaligned(as: D4.self)
    }

    @inline(__always)
    private static func store(_ v: D4, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: D4.self)
    }

    /// Adds `r_t[k] / r_t[0]` (or `r_t[k]` when r_t[0] is 0) to `sum[k]` for every lag,
    /// then moves to the next frame when `advance` is true.
    /// - Parameter sum: `[lanes]` running sums.
    mutating func accumulate(into sum: UnsafeMutablePointer<Double>, advance: Bool) {
        let (n, t, lanes) = (self.n, self.t, self.lanes)
        var r0: Double = 0
        for i in 0..<5 { r0 += constants[i * lanes] * state[i * lanes] }
        // An all-zero window adds exactly zero (its sums may hold rounding residue).
        let scale = nonZero == 0 ? 0 : (abs(r0) < Double.leastNormalMagnitude ? 1 : 1 / abs(r0))
        let step = advance && (t + 1) % Self.reanchorInterval != 0
        let rot1 = (c: D4(repeating: step1.cos), s: D4(repeating: step1.sin))
        let rot2 = (c: D4(repeating: step2.cos), s: D4(repeating: step2.sin))
        let scaleV = D4(repeating: scale)
        x.withUnsafeBufferPointer { xb in
            reversed.withUnsafeBufferPointer { rb in
                constants.withUnsafeBufferPointer { cb in
                    guard let xStart = xb.baseAddress, let rStart = rb.baseAddress, let cbase = cb.baseAddress else { return }
                    let x = xStart + Self.lead
                    // x[m] == r[top − m].
                    let r = rStart + (xb.count - 1 - Self.lead)
                    let first = D4(repeating: x[t])
                    let last = D4(repeating: x[t + n])
                    let (a0, a1, b1, a2, b2) = (cbase, cbase + lanes, cbase + 2 * lanes, cbase + 3 * lanes, cbase + 4 * lanes)
                    let (e1r, e1i, e2r, e2i) = (cbase + 5 * lanes, cbase + 6 * lanes, cbase + 7 * lanes, cbase + 8 * lanes)
                    state.withUnsafeMutableBufferPointer { sb in
                        guard let base = sb.baseAddress else { return }
                        let (s0, c1, d1, c2, d2) = (base, base + lanes, base + 2 * lanes, base + 3 * lanes, base + 4 * lanes)
                        var k = 0
                        while k < lanes {
                            var v = Self.load(a0 + k) * Self.load(s0 + k)
                            v += Self.load(a1 + k) * Self.load(c1 + k)
                            v += Self.load(b1 + k) * Self.load(d1 + k)
                            v += Self.load(a2 + k) * Self.load(c2 + k)
                            v += Self.load(b2 + k) * Self.load(d2 + k)
                            Self.store(Self.load(sum + k) + v * scaleV, sum + k)
                            if step {
                                let old = first * Self.load(x + t + k)
                                // x[t + n − k − i] for lanes i = 0…3, read forward from the reversed copy.
                                let new = Self.load(r - (t + n - k)) * last
                                Self.store(Self.load(s0 + k) + new - old, s0 + k)
                                Self.rotate(c1 + k, d1 + k, old: old, new: new, entry: (Self.load(e1r + k), Self.load(e1i + k)), by: rot1)
                                Self.rotate(c2 + k, d2 + k, old: old, new: new, entry: (Self.load(e2r + k), Self.load(e2i + k)), by: rot2)
                            }
                            k += 4
                        }
                    }
                }
            }
        }
        guard advance else { return }
        // Position 1 moves to 0 (weight 0) and a new sample enters at N − 1.
        if n > 1 { nonZero += (x[Self.lead + t + n] != 0 ? 1 : 0) - (x[Self.lead + t + 1] != 0 ? 1 : 0) }
        self.t += 1
        if !step { reanchor() }
    }

    /// Adds the new term at position L = N − k, drops the old one at 0, then rotates by −θ (−2θ).
    @inline(__always)
    private static func rotate(
        _ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, old: D4, new: D4,
        entry: (D4, D4), by rotation: (c: D4, s: D4)
    ) {
        let r = load(re) - old + new * entry.0
        let i = load(im) + new * entry.1
        store(r * rotation.c + i * rotation.s, re)
        store(i * rotation.c - r * rotation.s, im)
    }
}
