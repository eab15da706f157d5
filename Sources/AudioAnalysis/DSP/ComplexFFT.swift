import Foundation

/// A double-precision complex FFT of one power-of-two length, in place on split
/// real and imaginary arrays (iterative radix-2, decimation in time).
///
/// FFTW is linked in single precision only. The tempogram's correlation path
/// (`AutocorrelationSum`) needs float64, because its sums cancel, and its
/// transforms are short (a few thousand points for minutes of audio).
struct ComplexFFT: Sendable {
    /// Transform length, a power of two.
    let count: Int
    private let bitReversed: [Int]
    /// `e^{−iπj/h}` for every stage of half-size h = 2, 4, … count/2 and j < h,
    /// stage after stage (the h = 1 stage needs no twiddle).
    private let cosines: [Double]
    private let sines: [Double]

    /// - Parameter count: transform length, a power of two ≥ 1.
    init(count: Int) {
        precondition(count > 0 && count & (count - 1) == 0, "ComplexFFT length \(count) is not a power of two")
        self.count = count
        let bits = count.trailingZeroBitCount
        var bitReversed = [Int](repeating: 0, count: count)
        for i in 1..<max(1, count) { bitReversed[i] = (bitReversed[i >> 1] >> 1) | ((i & 1) << (bits - 1)) }
        self.bitReversed = bitReversed
        // The last stage's twiddles e^{−iπj/H}, H = count/2; stage h takes every (H/h)-th.
        let last = count / 2
        let lastCos = (0..<last).map { cos(Double.pi * Double($0) / Double(last)) }
        let lastSin = (0..<last).map { -sin(Double.pi * Double($0) / Double(last)) }
        var cosines: [Double] = [], sines: [Double] = []
        cosines.reserveCapacity(count)
        sines.reserveCapacity(count)
        var h = 2
        while h < count {
            let stride = last / h
            for j in 0..<h {
                cosines.append(lastCos[j * stride])
                sines.append(lastSin[j * stride])
            }
            h *= 2
        }
        self.cosines = cosines
        self.sines = sines
    }

    /// `X[f] = Σ x[m]·e^{−2πi·fm/count}` in place.
    func forward(re: UnsafeMutablePointer<Double>, im: UnsafeMutablePointer<Double>) {
        bitReverse(re, im)
        // h = 1: butterflies of adjacent pairs, twiddle 1.
        var a = 0
        while a + 1 < count {
            let (br, bi) = (re[a + 1], im[a + 1])
            re[a + 1] = re[a] - br
            im[a + 1] = im[a] - bi
            re[a] += br
            im[a] += bi
            a += 2
        }
        cosines.withUnsafeBufferPointer { cb in
            sines.withUnsafeBufferPointer { sb in
                guard let c = cb.baseAddress, let s = sb.baseAddress else { return }
                var h = 2
                var offset = 0
                while h < count {
                    let (wr, wi) = (c + offset, s + offset)
                    var start = 0
                    while start < count {
                        let (ar, ai) = (re + start, im + start)
                        let (br, bi) = (ar + h, ai + h)
                        // Contiguous in j: LLVM vectorises this loop.
                        for j in 0..<h {
                            let tr = br[j] * wr[j] - bi[j] * wi[j]
                            let ti = br[j] * wi[j] + bi[j] * wr[j]
                            br[j] = ar[j] - tr
                            bi[j] = ai[j] - ti
                            ar[j] += tr
                            ai[j] += ti
                        }
                        start += 2 * h
                    }
                    offset += h
                    h *= 2
                }
            }
        }
    }

    /// `x[m] = Σ X[f]·e^{+2πi·fm/count}` in place: unnormalised, as FFTW's backward transform.
    func backward(re: UnsafeMutablePointer<Double>, im: UnsafeMutablePointer<Double>) {
        // conj(FFT(conj X)).
        for i in 0..<count { im[i] = -im[i] }
        forward(re: re, im: im)
        for i in 0..<count { im[i] = -im[i] }
    }

    private func bitReverse(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>) {
        bitReversed.withUnsafeBufferPointer { table in
            for i in 0..<count {
                let j = table[i]
                if i < j {
                    swap(&re[i], &re[j])
                    swap(&im[i], &im[j])
                }
            }
        }
    }
}
