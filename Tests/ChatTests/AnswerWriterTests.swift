import Foundation
import TestSupport
import Testing

@testable import Chat

@Suite struct AnswerWriterTests {
    private let writer = AnswerWriter()

    /// `result` with `changes` set over its members.
    private func changed(_ result: JSONValue, _ changes: JSONValue) throws -> JSONValue {
        guard case .object(var members) = result, case .object(let updates) = changes else { throw Fixtures.Missing(description: "not objects") }
        members.merge(updates) { _, new in new }
        return .object(members)
    }

    private func analysis(_ file: String, _ kind: AnalysisKind) throws -> AnswerWriter.Outcome {
        .analysis(try #require(try Fixtures.reference(file)[kind.rawValue]))
    }

    @Test func rhythmOfA120BPMClickTrack() throws {
        let text = writer.answer([.rhythm: try analysis("click_120bpm.wav", .rhythm)])
        #expect(text.contains("about 117 BPM"))
        #expect(text.contains("4/4 time"))
        #expect(text.contains("9 beats"))
        #expect(text.contains("steady (steadiness 0.95)"))
        #expect(text.contains("straight (swing 0.00)"))
    }

    @Test func swungShuffleIsCalledSwung() throws {
        let text = writer.answer([.rhythm: try analysis("music_shuffle_110bpm_swing.flac", .rhythm)])
        #expect(text.contains("about 108 BPM"))
        #expect(text.contains("swung (swing 1.00)"))
    }

    @Test func sineHasItsFrequencyInHertz() throws {
        let text = writer.answer([.spectral: try analysis("sine_440hz.wav", .spectral)])
        #expect(text.contains("strongest frequency is about 440 Hz"))
        #expect(text.contains("centroid averages 445 Hz"))
        #expect(text.contains("tonal"))
    }

    @Test func silenceIsSaidToBeSilent() throws {
        let text = writer.answer([
            .temporal: try analysis("silence.wav", .temporal), .rhythm: try analysis("silence.wav", .rhythm),
            .spectral: try analysis("silence.wav", .spectral),
        ])
        #expect(text.contains("lasts 2.00 seconds"))
        #expect(text.contains("silent throughout"))
        #expect(text.contains("No steady beat"))
        #expect(text.contains("no frequency content"))
        #expect(!text.contains("BPM,"))
        #expect(!text.contains("steadiness"), "no feel without a beat")
    }

    @Test func temporalGivesDurationLevelAndPresence() throws {
        let text = writer.answer([.temporal: try analysis("click_120bpm.wav", .temporal)])
        #expect(text.contains("lasts 5.00 seconds"))
        #expect(text.contains("-34 dBFS"))
        #expect(text.contains("dynamic range of 80 dB"))
        #expect(text.contains("20% of the time (10 non-silent stretches)"))
    }

    @Test func paragraphsFollowTheAgentOrder() throws {
        let text = writer.answer([
            .rhythm: try analysis("complex_sine440_clicks120.wav", .rhythm),
            .spectral: try analysis("complex_sine440_clicks120.wav", .spectral),
        ])
        let spectral = try #require(text.range(of: "strongest frequency"))
        let rhythm = try #require(text.range(of: "tempo is"))
        #expect(spectral.lowerBound < rhythm.lowerBound)
    }

    @Test func neighbouringBinsOfOnePeakAreNamedOnce() throws {
        let peaks: JSONValue = [
            "dominant_frequencies": [
                ["frequency_hz": 1000, "magnitude": 9], ["frequency_hz": 998, "magnitude": 8],
                ["frequency_hz": 0, "magnitude": 7], ["frequency_hz": 2000, "magnitude": 6],
                ["frequency_hz": 3000, "magnitude": 5], ["frequency_hz": 4000, "magnitude": 4],
            ]
        ]
        let spectral = try changed(try Fixtures.toolOutput("click_120bpm.wav", kind: .spectral), peaks)
        #expect(
            writer.answer([.spectral: .analysis(spectral)])
                .hasPrefix("The strongest frequency is about 1.0 kHz, followed by 2.0 kHz and 3.0 kHz. "))
    }

    @Test func aSingleBeatIsNoTempo() throws {
        let rhythm = try changed(
            try Fixtures.toolOutput("click_120bpm.wav", kind: .rhythm), ["tempo_bpm": 129.2, "beat_count": 1, "steadiness": 1, "swing": 0])
        #expect(writer.answer([.rhythm: .analysis(rhythm)]) == "No steady beat was detected, so there is no tempo to report.")
    }

    @Test func failedAnalysisIsReported() {
        let text = writer.answer([.rhythm: .failed("Audio too short")])
        #expect(text == "The rhythm analysis is not available: Audio too short")
    }

    @Test func resultsOfAnotherShapeAreReportedUnusable() throws {
        #expect(writer.answer([.temporal: .analysis(["duration_seconds": 200])]) == "The temporal analysis returned no usable values.")
        #expect(writer.answer([.spectral: .analysis([:])]) == "The spectral analysis returned no usable values.")
        let wrongType = try changed(try Fixtures.toolOutput("click_120bpm.wav", kind: .rhythm), ["beat_count": "nine"])
        #expect(writer.answer([.rhythm: .analysis(wrongType)]) == "The rhythm analysis returned no usable values.")
        let long = try changed(try Fixtures.toolOutput("click_120bpm.wav", kind: .temporal), ["duration_seconds": 200])
        #expect(writer.answer([.temporal: .analysis(long)]).hasPrefix("The recording lasts 3 min 20 s. "))
    }

    @Test(arguments: [(440.0, "440 Hz"), (87.06, "87.1 Hz"), (1234.0, "1.2 kHz"), (11025.0, "11.0 kHz")])
    func frequenciesAreRoundedSensibly(hertz: Double, text: String) {
        #expect(Quantity.frequency(hertz) == text)
    }

    @Test func loudMasterIsComparedWithTheStreamingTargetAndWarnsOfClipping() {
        let text = writer.answer([.loudness: .analysis(Fixtures.sampleLoudness)])
        #expect(text.contains("−9.8 LUFS integrated, louder than the −14 LUFS streaming target"))
        #expect(text.contains("loudness range of 5.1 LU"))
        #expect(text.contains("true peak of +0.3 dBTP is over full scale"))
    }

    @Test func silentLoudnessHasNoFigures() throws {
        let silent = try changed(
            Fixtures.sampleLoudness, ["integrated_lufs": .null, "true_peak_dbtp": .null, "loudness_range_lu": .null])
        #expect(writer.answer([.loudness: .analysis(silent)]) == "It is silent: there is no measurable loudness.")
    }

    @Test func keyIsStatedWithItsConfidenceAndTheCloseRunnerUp() {
        let text = writer.answer([.tonal: .analysis(Fixtures.sampleTonal)])
        #expect(text.contains("The key is A minor (confidence 0.41; C major is close)."))
        #expect(text.contains("tuned to standard A440 pitch (within 3 cents)"))
    }

    @Test func lowConfidenceKeyIsCalledUnclear() throws {
        let unclear = try changed(
            Fixtures.sampleTonal,
            [
                "key": "A", "mode": "major", "key_label": "A major", "key_confidence": 0.05, "tuning_offset_cents": 21,
                "key_candidates": [["key_label": "A major", "score": 0.4], ["key_label": "A minor", "score": 0.39]],
            ])
        let text = writer.answer([.tonal: .analysis(unclear)])
        #expect(text.contains("The key is unclear: A major fits best (confidence 0.05), but A minor fits almost as well."))
        #expect(text.contains("tuned 21 cents sharp of A440"))
    }

    @Test func noPitchedContentHasNoKey() throws {
        let none = try changed(Fixtures.sampleTonal, ["key": .null, "mode": .null, "key_label": .null, "key_candidates": []])
        let text = writer.answer([.tonal: .analysis(none)])
        #expect(text == "There is no pitched content to find a key in.")
    }
}

@Suite struct QuantityDecimalTests {
    @Test func decimalsReadAsPrintfWritesThem() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<5_000 {
            let magnitude = [1e-3, 1, 100, 1e6][Int(generator.next() % 4)]
            let value = (Double(generator.next() % 2_000_001) / 1_000_000 - 1) * magnitude
            for places in 0...4 {
                #expect(Quantity.decimal(value, places: places) == String(format: "%.\(places)f", value))
            }
        }
        #expect(Quantity.decimal(0.125, places: 2) == "0.12")
        #expect(Quantity.decimal(2.5, places: 0) == "2")
        #expect(Quantity.decimal(-0.0004, places: 2) == "-0.00")
        #expect(Quantity.decimal(-9.84, places: 1) == "-9.8")
        #expect(Quantity.decimal(1e20, places: 1) == String(format: "%.1f", 1e20))
    }
}
