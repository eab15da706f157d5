import Foundation
import Testing
@testable import AudioAnalysis

/// The tonal agent against librosa 0.11.0's chroma and tuning, and the key estimator against the labelled renders.
@Suite struct TonalTests {
    /// `chroma_mean` within 0.02 of librosa's and the tuning within 2 cents (the tolerances).
    static let chromaTolerance = 0.02, tuningCents = 2.0

    private func tonal(_ url: URL) throws -> TonalAnalysis {
        let decoded = try SndFileDecoder().decode(url: url)
        guard case .tonal(let tonal) = try TonalAgent().analyze(AnalysisContext(signal: decoded.signal)) else {
            throw FixtureError.malformed(url.lastPathComponent)
        }
        return tonal
    }

    private func tonal(_ samples: [Float]) throws -> TonalAnalysis {
        guard case .tonal(let tonal) = try TonalAgent().analyze(AnalysisContext(signal: AudioSignal(samples: samples))) else {
            throw FixtureError.malformed("synthetic")
        }
        return tonal
    }

    @Test func chromaAndTuningMatchLibrosaOnEveryTonalFixture() throws {
        for entry in try TonalFixtures.manifest() {
            let ours = try tonal(TonalFixtures.url(entry.file))
            let chroma = try #require(entry.reference["chroma_mean"] as? [String: Any])
            for (index, name) in Chroma.pitchClasses.enumerated() {
                let expected = try #require((chroma[name] as? NSNumber)?.doubleValue)
                #expect(abs(ours.chromaMean.values[index] - expected) <= Self.chromaTolerance, "\(entry) \(name)")
            }
            let cents = try #require((entry.reference["tuning_offset_cents"] as? NSNumber)?.doubleValue)
            #expect(abs(ours.tuningOffsetCents - cents) <= Self.tuningCents, "\(entry): \(ours.tuningOffsetCents) vs \(cents)")
        }
    }

    /// The chroma filterbank of librosa.filters.chroma(sr=22050, n_fft=2048): spot values printed by librosa 0.11.0.
    @Test func filterbankMatchesLibrosaAtSpotBins() {
        let weights = Chroma.filterbank(sr: 22_050, nFFT: 2048, tuning: 0)
        let bins = 1025
        #expect(weights.count == 12 * bins)
        // Row A (9) peaks at bin 41 (441.4 Hz), the bin nearest 440 Hz; row C (0) is small there.
        let a = (0..<bins).map { weights[9 * bins + $0] }
        #expect(a[41] > a[40] && a[41] > a[42])
        #expect(weights[0 * bins + 41] < 0.01 * a[41])
        // Every column was scaled to unit length before the octave weighting, so no weight exceeds 1.
        #expect(weights.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    @Test func silenceHasNoKeyAndNoNaN() throws {
        let ours = try tonal([Float](repeating: 0, count: 22_050))
        #expect(ours.key == nil && ours.mode == nil && ours.keyLabel == nil)
        #expect(ours.keyConfidence == 0 && ours.keyCandidates.isEmpty && ours.tuningOffsetCents == 0)
        #expect(ours.chromaMean.values.allSatisfy { $0 == 0 })
        let json = try String(decoding: JSONEncoder().encode(ours), as: UTF8.self)
        #expect(json.contains("\"key\":null") && !json.contains("NaN"))
    }

    /// 440 Hz raised by 20 cents: librosa 0.11.0's `estimate_tuning` reads 0.17 for this signal (parabolic
    /// interpolation of a Hann-windowed peak pulls towards the bin centre), and so must we.
    @Test func tuningOfADetunedSineIsLibrosas() throws {
        let ours = try tonal(Synthetic.sine(hz: 440 * pow(2, 20 / 1200), seconds: 3))
        #expect(abs(ours.tuningOffsetCents - 17) <= Self.tuningCents)
    }

    @Test func emptySignalIsAClearError() {
        #expect(throws: AnalysisError.tooShort(samples: 0, minimum: 2048)) {
            try TonalAgent().analyze(AnalysisContext(signal: AudioSignal(samples: [])))
        }
    }
}
