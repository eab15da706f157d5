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
/// modulus, so rounding grows only linearly with the frame count. Lags are
/// processed four at a time (`SIMD4<Double>`); arrays are padded to a multiple of 4.
struct SlidingAutocorrelation {
    typealias D4 = SIMD4<Double>

    /// The padded signal with 8 zeros before and N + 8 after, so every
    /// four-lane load (including the unused lanes past N) stays inside.
    private let x: [Double]
    /// `x` reversed, so the run `x[t+N−k−3 … t+N−k]` read for four lags is a forward load.
    private let reversed: [Double]
    private static let lead = 8
    private let n: Int
    private let lanes: Int
    private var t = 0
    // Per-lag state, indexed by k (lanes entries).
    private var s0, c1, d1, c2, d2: [Double]
    // Per-lag constants: five mixing coefficients, then the entry phases e^{iθL}, e^{2iθL}.
    private let a0, a1, b1, a2, b2, e1r, e1i, e2r, e2i: [Double]
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
        a0 = table { 0.25 * (1 + 0.5 * cos(theta * Double($0))) }
        a1 = table { -0.25 * (1 + cos(theta * Double($0))) }
        b1 = table { 0.25 * sin(theta * Double($0)) }
        a2 = table { 0.125 * cos(theta * Double($0)) }
        b2 = table { -0.125 * sin(theta * Double($0)) }
        e1r = table { cos(theta * Double(winLength - $0)) }
        e1i = table { sin(theta * Double(winLength - $0)) }
        e2r = table { cos(2 * theta * Double(winLength - $0)) }
        e2i = table { sin(2 * theta * Double(winLength - $0)) }
        step1 = (cos(theta), sin(theta))
        step2 = (cos(2 * theta), sin(2 * theta))
        var s0 = [Double](repeating: 0, count: laneCount)
        var c1 = s0, d1 = s0, c2 = s0, d2 = s0
        let cos1 = (0..<winLength).map { cos(theta * Double($0)) }, sin1 = (0..<winLength).map { sin(theta * Double($0)) }
        let cos2 = (0..<winLength).map { cos(2 * theta * Double($0)) }, sin2 = (0..<winLength).map { sin(2 * theta * Double($0)) }
        // The first frame directly: O(N²/2) multiply-adds.
        let count = min(winLength, x.count)
        x.withUnsafeBufferPointer { xb in
            guard let x = xb.baseAddress else { return }
            for k in 0..<count {
                var sums = (0.0, 0.0, 0.0, 0.0, 0.0)
                for j in 0..<(count - k) {
                    let p = x[j] * x[j + k]
                    sums.0 += p
                    sums.1 += p * cos1[j]
                    sums.2 += p * sin1[j]
                    sums.3 += p * cos2[j]
                    sums.4 += p * sin2[j]
                }
                (s0[k], c1[k], d1[k], c2[k], d2[k]) = sums
            }
        }
        (self.s0, self.c1, self.d1, self.c2, self.d2) = (s0, c1, d1, c2, d2)
    }

    @inline(__always)
    private static func load(_ p: UnsafePointer<Double>) -> D4 {
        UnsafeRawPointer(p).loadUnaligned(as: D4.self)
    }

    @inline(__always)
    private static func store(_ v: D4, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: D4.self)
    }

    /// `r_t[k]` for every lag of the current frame into `r` (at least `winLength` long, padded to 4).
    /// - Returns: `max_k |r_t[k]|`.
    func autocorrelation(into r: UnsafeMutablePointer<Double>) -> Double {
        a0.withUnsafeBufferPointer { a0 in a1.withUnsafeBufferPointer { a1 in b1.withUnsafeBufferPointer { b1 in
        a2.withUnsafeBufferPointer { a2 in b2.withUnsafeBufferPointer { b2 in
        s0.withUnsafeBufferPointer { s0 in c1.withUnsafeBufferPointer { c1 in d1.withUnsafeBufferPointer { d1 in
        c2.withUnsafeBufferPointer { c2 in d2.withUnsafeBufferPointer { d2 in
            var k = 0
            while k < lanes {
                var v = Self.load(a0.baseAddress! + k) * Self.load(s0.baseAddress! + k)
                v += Self.load(a1.baseAddress! + k) * Self.load(c1.baseAddress! + k)
                v += Self.load(b1.baseAddress! + k) * Self.load(d1.baseAddress! + k)
                v += Self.load(a2.baseAddress! + k) * Self.load(c2.baseAddress! + k)
                v += Self.load(b2.baseAddress! + k) * Self.load(d2.baseAddress! + k)
                Self.store(v, r + k)
                k += 4
            }
        } } } } } } } } } }
        // A scalar loop: the generic SIMD pointwiseMax is not vectorised.
        var peak: Double = 0
        for k in 0..<n { peak = max(peak, abs(r[k])) }
        return peak
    }

    /// Moves to the next frame; `x` must hold `x[t + winLength]`.
    mutating func advance() {
        let (n, t, lanes) = (self.n, self.t, self.lanes)
        defer { self.t += 1 }
        let rot1 = (c: D4(repeating: step1.cos), s: D4(repeating: step1.sin))
        let rot2 = (c: D4(repeating: step2.cos), s: D4(repeating: step2.sin))
        let top = x.count - 1 - Self.lead
        x.withUnsafeBufferPointer { xb in reversed.withUnsafeBufferPointer { rb in
            let x = xb.baseAddress! + Self.lead
            // x[m] == r[top − m].
            let r = rb.baseAddress! + top
            let first = D4(repeating: x[t]), last = D4(repeating: x[t + n])
            e1r.withUnsafeBufferPointer { e1r in e1i.withUnsafeBufferPointer { e1i in
            e2r.withUnsafeBufferPointer { e2r in e2i.withUnsafeBufferPointer { e2i in
            s0.withUnsafeMutableBufferPointer { s0 in c1.withUnsafeMutableBufferPointer { c1 in
            d1.withUnsafeMutableBufferPointer { d1 in c2.withUnsafeMutableBufferPointer { c2 in
            d2.withUnsafeMutableBufferPointer { d2 in
                var k = 0
                while k < lanes {
                    let old = first * Self.load(x + t + k)
                    // x[t + n − k − i] for lanes i = 0…3, read forward from the reversed copy.
                    let new = Self.load(r - (t + n - k)) * last
                    let s0k = s0.baseAddress! + k
                    Self.store(Self.load(s0k) + new - old, s0k)
                    Self.rotate(c1.baseAddress! + k, d1.baseAddress! + k, old: old, new: new,
                                entry: (Self.load(e1r.baseAddress! + k), Self.load(e1i.baseAddress! + k)), by: rot1)
                    Self.rotate(c2.baseAddress! + k, d2.baseAddress! + k, old: old, new: new,
                                entry: (Self.load(e2r.baseAddress! + k), Self.load(e2i.baseAddress! + k)), by: rot2)
                    k += 4
                }
            } } } } } } } } }
        } }
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
