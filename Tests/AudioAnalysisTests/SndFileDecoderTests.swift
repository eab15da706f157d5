import AudioAnalysis
import Foundation
import Testing

@Suite struct SndFileDecoderTests {
    /// Every bad file in the manifest is rejected with a clear error, never a crash.
    @Test(arguments: try Fixtures.manifest().filter { $0.expectedError })
    func rejectsBadFiles(_ entry: ManifestEntry) throws {
        let url = try Fixtures.url(entry.file)
        for decoder in [SndFileDecoder(), SndFileDecoder(options: DecoderOptions(ffmpegPath: ffmpegPath()))] {
            if entry.file.hasSuffix(".m4a"), decoder.options.ffmpegPath != nil { continue }
            let error = #expect(throws: AnalysisError.self) { try decoder.decode(url: url) }
            #expect(throws: AnalysisError.self) { try decoder.probe(url: url) }
            let message = error?.description ?? ""
            #expect(!message.isEmpty && !message.contains(url.path) && !message.contains("\n"))
        }
    }

    @Test func badFilesGiveTheExpectedKindOfError() throws {
        let decoder = SndFileDecoder()
        #expect(throws: AnalysisError.truncated(declaredBytes: 88_200, presentBytes: 22_050)) {
            try decoder.probe(url: Fixtures.url("bad_truncated.wav"))
        }
        #expect(throws: AnalysisError.tooShort(samples: 220, minimum: 2048)) {
            try decoder.decode(url: Fixtures.url("bad_short_10ms.wav"))
        }
        for name in ["bad_empty.wav", "bad_random_bytes.flac", "bad_text_renamed.mp3", "bad_corrupt_header.wav"] {
            let error = #expect(throws: AnalysisError.self) { try decoder.decode(url: Fixtures.url(name)) }
            #expect(error?.code == "unsupported_format", "\(name)")
        }
    }

    @Test func aacNeedsFFmpeg() throws {
        let url = try Fixtures.url("fmt_pop84_stereo44k_aac.m4a")
        let error = #expect(throws: AnalysisError.self) { try SndFileDecoder().decode(url: url) }
        #expect(error?.code == "unsupported_format")
        guard let ffmpeg = ffmpegPath() else {
            Issue.record("ffmpeg is not installed (apt-get install ffmpeg); the transcoding path is untested")
            return
        }
        let decoded = try SndFileDecoder(options: DecoderOptions(ffmpegPath: ffmpeg)).decode(url: url)
        #expect(decoded.source.transcoded && decoded.source.sampleRate == 44_100 && decoded.source.channels == 2)
        #expect(abs(decoded.signal.durationSeconds - 4) < 0.1)
    }

    @Test func ffmpegFailuresAreUnsupported() throws {
        let decoder = SndFileDecoder(options: DecoderOptions(ffmpegPath: "/nonexistent/ffmpeg"))
        let error = #expect(throws: AnalysisError.self) { try decoder.decode(url: Fixtures.url("bad_empty.wav")) }
        #expect(error?.code == "transcode_failed")
    }

    @Test(arguments: ["fmt_pop84_stereo44k.flac", "fmt_pop84_stereo44k_vorbis.ogg", "fmt_pop84_stereo_opus.opus",
                      "fmt_pop84_stereo44k_128k.mp3", "fmt_pop84_mono44k_pcm24.wav", "fmt_pop84_stereo48k_pcm16.wav",
                      "fmt_complex_mono22k_u8.wav", "fmt_speech_mono22k_float32.wav"])
    func decodesFormatsToMono22k(_ name: String) throws {
        let decoded = try SndFileDecoder().decode(url: Fixtures.url(name))
        let probed = try SndFileDecoder().probe(url: Fixtures.url(name))
        #expect(probed == decoded.source)
        let expected = Int((Double(decoded.source.frames) * 22_050 / Double(decoded.source.sampleRate)).rounded(.up))
        #expect(decoded.signal.samples.count == expected)
        #expect(decoded.signal.sampleRate == 22_050)
    }

    @Test func formatIsSniffedFromContentNotExtension() throws {
        let flac = try Data(contentsOf: Fixtures.url("fmt_pop84_stereo44k.flac"))
        let disguised = try Synthetic.temporaryFile(flac, extension: "wav")
        defer { try? FileManager.default.removeItem(at: disguised) }
        #expect(try SndFileDecoder().probe(url: disguised).formatName == "FLAC/PCM_16")
    }

    @Test func tooLongFailsBeforeDecoding() throws {
        let decoder = SndFileDecoder(options: DecoderOptions(maxSeconds: 10))
        #expect(throws: AnalysisError.tooLong(seconds: 15, limitSeconds: 10)) {
            try decoder.probe(url: Fixtures.url("music_pop_84bpm_4-4.flac"))
        }
    }

    /// A header claiming 4 GB of data over 1 s of audio is caught by the chunk check, not allocated.
    @Test func absurdHeaderSizesAreRejected() throws {
        let url = try Synthetic.temporaryFile(
            Synthetic.wav(Synthetic.sine(hz: 440, seconds: 1), declaredDataBytes: 0xFFFF_FFF0), extension: "wav")
        defer { try? FileManager.default.removeItem(at: url) }
        let error = #expect(throws: AnalysisError.self) { try SndFileDecoder().decode(url: url) }
        #expect(error?.code == "truncated")
    }

    @Test func averagesChannels() throws {
        let decoded = try SndFileDecoder().decode(url: Fixtures.url("fmt_speech_stereo22k_pcm16.wav"))
        let left = try SndFileDecoder().decode(url: Fixtures.url("fmt_speech_mono22k_float32.wav"))
        // R = 0.5·L, so the mean is 0.75·L (up to 16-bit quantisation).
        let peak = left.signal.samples.map { abs($0) }.max() ?? 0
        let mixedPeak = decoded.signal.samples.map { abs($0) }.max() ?? 0
        #expect(abs(mixedPeak - 0.75 * peak) < 1e-3)
    }

    private func ffmpegPath() -> String? {
        ["/usr/bin/ffmpeg", "/usr/local/bin/ffmpeg"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
