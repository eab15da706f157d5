import Foundation
import Testing

/// The comparison helper itself: it must reject what is outside a tolerance.
@Suite struct ReferenceComparisonTests {
    @Test func flagsValuesOutsideTheirTolerance() throws {
        let entry = try #require(try Fixtures.accuracySet().first { $0.file == "sine_440hz.wav" })
        let reference = try Fixtures.reference(entry)
        var spectral = try #require(reference["spectral"] as? [String: Any])
        var centroid = try #require(spectral["spectral_centroid"] as? [String: Any])
        let mean = try #require((centroid["mean"] as? NSNumber)?.doubleValue)
        centroid["mean"] = mean * 1.01
        spectral["spectral_centroid"] = centroid
        var comparison = ReferenceComparison()
        comparison.compare(ours: spectral, reference: reference["spectral"] ?? [:], path: "spectral", silent: false)
        #expect(comparison.failures.count == 1 && comparison.failures[0].hasPrefix("spectral.spectral_centroid.mean"))
        var same = ReferenceComparison()
        same.compare(ours: reference["spectral"], reference: reference["spectral"] ?? [:], path: "spectral", silent: false)
        #expect(same.failures.isEmpty)
    }

    @Test func fMeasureCountsMatchesWithinTheWindow() {
        #expect(ReferenceComparison.fMeasure([0.0, 0.5, 1.0], [0.01, 0.52, 1.2]) == 2.0 / 3)
        #expect(ReferenceComparison.fMeasure([], []) == 1)
        #expect(ReferenceComparison.fMeasure([1], []) == 0)
    }
}
