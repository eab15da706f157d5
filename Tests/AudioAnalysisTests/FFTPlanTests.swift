import Foundation
import Testing

@testable import AudioAnalysis

@Suite struct FFTPlanTests {
    /// The float64 complex plans against the DFT's definition, for a power of
    /// two (the tempogram's lengths) and a mixed-radix length.
    @Test(arguments: [64, 45])
    func doublePrecisionPlansMatchTheDefinition(_ n: Int) {
        let x = (0..<n).map { sin(Double($0) * 0.37) + Double($0 % 5) }
        let y = (0..<n).map { cos(Double($0) * 0.11) }
        let expected = (0..<n).map { f -> (re: Double, im: Double) in
            var (sr, si) = (0.0, 0.0)
            for m in 0..<n {
                let a = -2 * Double.pi * Double(f * m % n) / Double(n)
                sr += x[m] * cos(a) - y[m] * sin(a)
                si += x[m] * sin(a) + y[m] * cos(a)
            }
            return (sr, si)
        }

        let complex = DoubleFFTBuffer(doubles: 2 * n)
        for m in 0..<n { (complex.doubles[2 * m], complex.doubles[2 * m + 1]) = (x[m], y[m]) }
        FFTPlan.withPlan(.complexForward, n: n, precision: .double) { $0.executeInPlace(complex) }
        for f in 0..<n {
            #expect(abs(complex.doubles[2 * f] - expected[f].re) < 1e-11, "bin \(f)")
            #expect(abs(complex.doubles[2 * f + 1] - expected[f].im) < 1e-11, "bin \(f)")
        }
        FFTPlan.withPlan(.complexBackward, n: n, precision: .double) { $0.executeInPlace(complex) }
        for m in 0..<n {
            #expect(abs(complex.doubles[2 * m] / Double(n) - x[m]) < 1e-13, "sample \(m)")
            #expect(abs(complex.doubles[2 * m + 1] / Double(n) - y[m]) < 1e-13, "sample \(m)")
        }
    }
}
