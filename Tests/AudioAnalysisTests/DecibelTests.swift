import Foundation
import Testing

@testable import AudioAnalysis

@Suite struct DecibelTests {
    @Test func fastPowerToDbMatchesLog10() {
        var x = 1e-12
        while x < 1e9 {
            let exact = 10 * log10(max(1e-10, x))
            #expect(abs(Decibel.fastPowerToDb(x) - exact) <= 1e-9 * max(1, abs(exact)), "\(x)")
            x *= 1.37
        }
        #expect(abs(Decibel.fastPowerToDb(0) + 100) < 1e-9)
    }

    @Test func clipKeepsTopDbBelowThePeak() {
        var values: [Float] = [0, -50, -120, 10]
        #expect(Decibel.clip(&values, topDb: 80) == 10)
        #expect(values == [0, -50, -70, 10])
    }
}
