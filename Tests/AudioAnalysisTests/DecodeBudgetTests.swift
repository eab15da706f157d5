import Testing

@testable import AudioAnalysis

@Suite struct DecodeBudgetTests {
    /// The 10-minute benchmark (scripts/bench-analysis.sh) holds peak RSS to 3 × its decoded
    /// buffer + 30 MB; its buffer is 600 s at 22050 Hz.
    static let benchmarkSeconds = 600.0
    static let benchmarkBufferSamples = Int(benchmarkSeconds * 22_050)

    @Test(arguments: [1, 2, 100, 3_999, 768_001, 1_000_000, Int(Int32.max)])
    func rejectsSampleRatesOutsideTheRange(_ hz: Int) {
        #expect(throws: AnalysisError.sampleRateOutOfRange(hz: hz, minimumHz: 4_000, maximumHz: 768_000)) {
            try DecodeBudget(sampleRate: hz, frames: 1_799, options: DecoderOptions())
        }
    }

    @Test(arguments: [4_000, 8_000, 44_100, 768_000])
    func acceptsRatesInTheRange(_ hz: Int) throws {
        let budget = try DecodeBudget(sampleRate: hz, frames: hz, options: DecoderOptions())
        #expect(budget.declaredFrames == hz && budget.outputSamples(forFrames: hz) == 22_050)
    }

    @Test func aDeclaredLengthOverTheLimitFailsFromTheHeader() {
        #expect(throws: AnalysisError.tooLong(seconds: 20, limitSeconds: 10)) {
            try DecodeBudget(sampleRate: 8_000, frames: 160_000, options: DecoderOptions(maxSeconds: 10))
        }
    }

    @Test func libsndfilesUnknownLengthIsNotALength() throws {
        let budget = try DecodeBudget(sampleRate: 48_000, frames: Int(Int64.max), options: DecoderOptions())
        #expect(budget.declaredFrames == nil)
    }

    /// Whatever rate and length a header states, the decoded buffer (and what is reserved for
    /// it) stays within the benchmark's buffer plus the one block read past the limit, so the
    /// benchmark's RSS limit covers it.
    @Test(arguments: [4_000, 4_001, 11_025, 22_050, 44_100, 96_000, 768_000])
    func noHeaderBuysMoreThanTheBenchmarkBuffer(_ hz: Int) throws {
        let options = DecoderOptions(maxSeconds: Self.benchmarkSeconds)
        let oneBlock = Int((Double(SndFileDecoder.blockFrames) * 22_050 / Double(hz)).rounded(.up))
        let slack = 4 * SndFileDecoder.blockFrames
        let longest = Int(Self.benchmarkSeconds * Double(hz))
        for frames in [0, 1, hz, longest, Int(Int64.max)] {
            let budget = try DecodeBudget(sampleRate: hz, frames: frames, options: options)
            #expect(budget.maxOutputSamples <= Self.benchmarkBufferSamples + oneBlock)
            #expect(budget.reservation(forFrames: frames) <= Self.benchmarkBufferSamples + oneBlock + slack)
        }
        #expect(throws: AnalysisError.self) { try DecodeBudget(sampleRate: hz, frames: longest + hz, options: options) }
    }
}
