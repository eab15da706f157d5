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

    @Test(arguments: [
        "fmt_pop84_stereo44k.flac", "fmt_pop84_stereo44k_vorbis.ogg", "fmt_pop84_stereo_opus.opus",
        "fmt_pop84_stereo44k_128k.mp3", "fmt_pop84_mono44k_pcm24.wav", "fmt_pop84_stereo48k_pcm16.wav",
        "fmt_complex_mono22k_u8.wav", "fmt_speech_mono22k_float32.wav",
    ])
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

    /// The 1,843-byte 8-bit WAV declaring 1 Hz used to be upsampled 22050-fold (1,799 s of audio,
    /// 15 s and 2.4 GB of analysis). Its rate fails the header check, which `decode` runs before
    /// MonoReader builds a resampler or reserves its output.
    @Test func hostileOneHertzHeaderIsRejectedBeforeResampling() throws {
        let payload = (0..<1_799).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        let data = Synthetic.wav(format: 1, sr: 1, bitsPerSample: 8, payload: payload)
        #expect(data.count == 1_843)
        let url = try Synthetic.temporaryFile(data, extension: "wav")
        defer { try? FileManager.default.removeItem(at: url) }
        let expected = AnalysisError.sampleRateOutOfRange(hz: 1, minimumHz: 4_000, maximumHz: 768_000)
        #expect(throws: expected) { try SndFileDecoder().probe(url: url) }
        #expect(throws: expected) { try SndFileDecoder().decode(url: url) }
        #expect(expected.description == "Unsupported sample rate: 1 Hz (accepted: 4000 to 768000 Hz)")
    }

    @Test func rateAboveTheRangeIsRejected() throws {
        let url = try Synthetic.temporaryFile(
            Synthetic.wav(format: 1, sr: 2_000_000, bitsPerSample: 16, payload: [UInt8](repeating: 0, count: 40_000)),
            extension: "wav")
        defer { try? FileManager.default.removeItem(at: url) }
        let error = #expect(throws: AnalysisError.self) { try SndFileDecoder().decode(url: url) }
        #expect(error?.code == "unsupported_sample_rate")
    }

    /// FLAC STREAMINFO total_samples = 0 means "unknown" (legal); libsndfile then reports
    /// SF_COUNT_MAX frames, which used to read as 209146758205324 s.
    @Test func flacWithUnknownTotalSamplesDecodesToItsEnd() throws {
        var flac = try Data(contentsOf: Fixtures.url("fmt_pop84_stereo44k.flac"))
        // "fLaC", a 4-byte block header, then STREAMINFO: total_samples is the low 4 bits of byte 13
        // and bytes 14…17 of the block.
        flac[21] &= 0xF0
        flac.replaceSubrange(22..<26, with: [0, 0, 0, 0])
        let url = try Synthetic.temporaryFile(flac, extension: "flac")
        defer { try? FileManager.default.removeItem(at: url) }
        let original = try SndFileDecoder().decode(url: Fixtures.url("fmt_pop84_stereo44k.flac"))
        let probed = try SndFileDecoder().probe(url: url)
        let decoded = try SndFileDecoder().decode(url: url)
        #expect(probed.frames == original.source.frames && probed == decoded.source)
        #expect(decoded.signal.samples == original.signal.samples)
        let error = #expect(throws: AnalysisError.self) {
            try SndFileDecoder(options: DecoderOptions(maxSeconds: 1)).probe(url: url)
        }
        #expect(error?.code == "too_long")
        #expect(error?.description == "Audio too long: more than the limit of 1 s")
    }

    /// An Ogg stream cut short has no final granule position, so its length is unknown until read.
    @Test(arguments: ["fmt_pop84_stereo_opus.opus", "fmt_pop84_stereo44k_vorbis.ogg"])
    func truncatedOggDecodesWhatIsPresent(_ name: String) throws {
        let whole = try Data(contentsOf: Fixtures.url(name))
        let url = try Synthetic.temporaryFile(whole.prefix(whole.count / 2), extension: "ogg")
        defer { try? FileManager.default.removeItem(at: url) }
        let probed = try SndFileDecoder().probe(url: url)
        let decoded = try SndFileDecoder().decode(url: url)
        #expect(probed == decoded.source)
        #expect(decoded.signal.durationSeconds > 0.5 && decoded.signal.durationSeconds < 4)
        #expect(decoded.signal.samples.count == Int((Double(probed.frames) * 22_050 / Double(probed.sampleRate)).rounded(.up)))
    }

    /// NaN or infinity in a float WAV used to reach the JSON encoder; now decoding names the place.
    @Test func nonFiniteSamplesAreRejected() throws {
        var samples = Synthetic.sine(hz: 440, seconds: 1)
        samples[11_025] = .nan
        let url = try Synthetic.temporaryFile(Synthetic.floatWAV(samples), extension: "wav")
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: AnalysisError.nonFiniteSample(seconds: 0.5)) { try SndFileDecoder().decode(url: url) }
        samples[11_025] = 0
        samples[100] = -.infinity
        let early = try Synthetic.temporaryFile(Synthetic.floatWAV(samples), extension: "wav")
        defer { try? FileManager.default.removeItem(at: early) }
        let error = #expect(throws: AnalysisError.self) { try SndFileDecoder().probe(url: early) }
        #expect(error?.code == "non_finite_sample")
        #expect(error?.description.contains("NaN or infinite") == true)
    }

    /// libsndfile's MP3 reader reports a stream with no whole frame as "File does not exist or is
    /// not a regular file"; the message must say what is wrong instead.
    @Test func mp3WithoutACompleteFrameSaysSo() throws {
        let mp3 = try Data(contentsOf: Fixtures.url("fmt_pop84_stereo44k_128k.mp3"))
        let url = try Synthetic.temporaryFile(mp3.prefix(800), extension: "mp3")
        defer { try? FileManager.default.removeItem(at: url) }
        let error = #expect(throws: AnalysisError.self) { try SndFileDecoder().probe(url: url) }
        #expect(error?.code == "unsupported_format")
        #expect(error?.description.contains("regular file") == false)
        #expect(error?.description.contains("too short or damaged") == true)
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
