import Foundation

/// The orthonormal DCT-II, first rows only, as a small dense matrix.
///
/// Port of `scipy.fftpack.dct(x, type=2, norm="ortho")` as used by
/// `librosa.feature.mfcc` (librosa 0.11.0). With 128 inputs and 13 outputs a
/// direct product is cheaper than an FFT-based transform.
struct DCT: Sendable {
    let inputCount: Int
    let outputCount: Int
    private let basis: [Double]

    /// - Parameters:
    ///   - inputCount: length of each input vector, > 0.
    ///   - outputCount: number of leading coefficients kept, 1 ... inputCount.
    init(inputCount: Int, outputCount: Int) {
        self.inputCount = inputCount
        self.outputCount = outputCount
        let n = Double(inputCount)
        var basis = [Double](repeating: 0, count: inputCount * outputCount)
        for k in 0..<outputCount {
            let scale = k == 0 ? (1 / n).squareRoot() : (2 / n).squareRoot()
            for i in 0..<inputCount {
                basis[k * inputCount + i] = scale * cos(Double.pi * Double(k) * Double(2 * i + 1) / (2 * n))
            }
        }
        self.basis = basis
    }

    /// Coefficient `k` of `x` (`[inputCount]`).
    func coefficient(_ k: Int, of x: UnsafePointer<Float>) -> Double {
        var sum: Double = 0
        basis.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return }
            let row = base + k * inputCount
            for i in 0..<inputCount { sum += row[i] * Double(x[i]) }
        }
        return sum
    }
}
