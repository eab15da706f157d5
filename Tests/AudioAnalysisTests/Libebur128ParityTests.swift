import CEBUR128
import Foundation
import TestSupport
import Testing

@testable import AudioAnalysis

/// What the meter computes outside libebur128 (the vectorised true peak, momentary and short-term
/// loudness from per-step energies) against libebur128's own figures for the same samples.
@Suite struct Libebur128ParityTests {
    /// libebur128's true peak (never below the sample peak) per channel.
    private func libebur128Peaks(_ interleaved: [Float], channels: Int, sampleRate: Int) throws -> [Double] {
        var state: UnsafeMutablePointer<ebur128_state>? = ebur128_init(
            UInt32(channels), UInt(sampleRate),
            Int32(EBUR128_MODE_TRUE_PEAK.rawValue))
        try #require(state != nil)
        defer { ebur128_destroy(&state) }
        let frames = interleaved.count / channels
        let status = interleaved.withUnsafeBufferPointer { ebur128_add_frames_float(state, $0.baseAddress, frames) }
        #expect(status == Int32(EBUR128_SUCCESS.rawValue))
        return (0..<channels).map { channel in
            var peak = 0.0
            _ = ebur128_true_peak(state, UInt32(channel), &peak)
            return peak
        }
    }

    /// Hands `interleaved` to `add` in blocks of the given sizes in turn, as a decoder would.
    private static func feed(
        _ interleaved: [Float], channels: Int, blocks: [Int],
        to add: (UnsafePointer<Float>, Int) throws -> Void
    ) rethrows {
        let frames = interleaved.count / channels
        try interleaved.withUnsafeBufferPointer { samples in
            guard let base = samples.baseAddress else { return }
            var offset = 0
            var turn = 0
            while offset < frames {
                let take = min(blocks[turn % blocks.count], frames - offset)
                try add(base + offset * channels, take)
                offset += take
                turn += 1
            }
        }
    }

    /// Ours, fed in blocks of the given sizes.
    private func ourPeaks(_ interleaved: [Float], channels: Int, sampleRate: Int, blocks: [Int]) -> [Double] {
        var meter = TruePeakMeter(channels: channels, sampleRate: sampleRate)
        Self.feed(interleaved, channels: channels, blocks: blocks) { meter.add($0, frames: $1) }
        return (0..<channels).map { channel in
            let samplePeak = stride(from: channel, to: interleaved.count, by: channels).map { abs(interleaved[$0]) }.max() ?? 0
            return Double(max(meter.peaks[channel], samplePeak))
        }
    }

    /// A full-scale tone whose peaks fall between the samples (the true peak well above the sample
    /// peak), and chirps sweeping the whole band on the other channels.
    private static func signal(channels: Int, sampleRate: Int, frames: Int) -> [Float] {
        var out = [Float](repeating: 0, count: channels * frames)
        for i in 0..<frames {
            let t = Double(i) / Double(sampleRate)
            out[i * channels] = Float(0.99 * sin(2 * Double.pi * Double(sampleRate) / 4 * t + Double.pi / 4))
            for channel in 1..<max(1, channels) {
                out[i * channels + channel] = Float(0.8 * sin(Double(i * i) * Double.pi / Double(frames) + Double(channel)))
            }
        }
        return out
    }

    @Test(arguments: [(2, 44_100), (1, 48_000), (2, 96_000), (3, 192_000)])
    func matchesLibebur128InAnyBlocking(channels: Int, sampleRate: Int) throws {
        let samples = Self.signal(channels: channels, sampleRate: sampleRate, frames: sampleRate / 2 + 3)
        let reference = try libebur128Peaks(samples, channels: channels, sampleRate: sampleRate)
        for blocks in [[samples.count / channels], [1], [7, 13, 4_096], [8, 9]] {
            let ours = ourPeaks(samples, channels: channels, sampleRate: sampleRate, blocks: blocks)
            for (our, their) in zip(ours, reference) {
                #expect(abs(20 * log10(our / their)) < 0.001, "\(channels) ch at \(sampleRate) Hz in blocks \(blocks): \(our) vs \(their)")
            }
        }
        if sampleRate < 192_000 {
            // Otherwise the test would pass on a meter that reports the sample peak.
            #expect(reference[0] > 1.2 * 0.99 * sin(Double.pi / 4))
        }
    }

    /// The meter computes only the stretches that could hold a new peak: on music-like envelopes, with
    /// the true peak between samples in one short burst among louder-sampled quiet parts and louder
    /// parts elsewhere, it must still find exactly libebur128's peak.
    @Test(arguments: [1, 2, 3])
    func skippedStretchesNeverHideThePeak(seed: UInt64) throws {
        let sampleRate = 44_100
        let channels = 2
        let frames = 2 * sampleRate
        var generator = SplitMix64(seed: seed)
        var samples = [Float](repeating: 0, count: channels * frames)
        let burst = Int(generator.next() % UInt64(frames - 2_000))
        for i in 0..<frames {
            // Stretches of random level (a tenth to most of full scale), noise under a tone.
            let level = Float(0.1 + 0.7 * Double((i / 3_000 * 2_654_435_761 + Int(seed)) % 1_000) / 1_000)
            for channel in 0..<channels {
                let noise = Float(Double(generator.next() % 2_001) / 1_000 - 1) * 0.05
                samples[i * channels + channel] = level * Float(sin(Double(i) * 0.05 + Double(channel))) * 0.9 + noise
            }
            // One burst at a quarter of the rate, sampled 45° off its crests: peaks 1.41× its samples.
            if (burst..<(burst + 400)).contains(i) {
                samples[i * channels] = Float(0.95 * sin(Double.pi / 2 * Double(i) + Double.pi / 4))
            }
        }
        let reference = try libebur128Peaks(samples, channels: channels, sampleRate: sampleRate)
        let samplePeak = stride(from: 0, to: samples.count, by: channels).map { abs(samples[$0]) }.max() ?? 0
        #expect(reference[0] > 1.15 * Double(samplePeak))  // the burst, not the loud stretches, holds the peak
        for blocks in [[frames], [4_096], [100, 3_000]] {
            let ours = ourPeaks(samples, channels: channels, sampleRate: sampleRate, blocks: blocks)
            for (our, their) in zip(ours, reference) {
                #expect(abs(20 * log10(our / their)) < 0.001, "seed \(seed) in blocks \(blocks): \(our) vs \(their)")
            }
        }
    }

    /// libebur128 asked for the momentary and short-term loudness after every 100 ms, as a meter would.
    @Test func momentaryAndShortTermMatchLibebur128() throws {
        let sampleRate = 44_100
        let channels = 2
        let frames = 8 * sampleRate
        var samples = Self.signal(channels: channels, sampleRate: sampleRate, frames: frames)
        for i in 0..<frames {  // a swell and a fade, so the maxima are not at the ends
            let gain = Float(0.1 + 0.9 * pow(sin(Double.pi * Double(i) / Double(frames)), 4))
            for channel in 0..<channels { samples[i * channels + channel] *= gain }
        }
        var state: UnsafeMutablePointer<ebur128_state>? = ebur128_init(
            UInt32(channels), UInt(sampleRate),
            Int32(EBUR128_MODE_S.rawValue))
        try #require(state != nil)
        defer { ebur128_destroy(&state) }
        var momentaryMax = -Double.infinity
        var shortTerm: [Double] = []
        let step = sampleRate / 10
        samples.withUnsafeBufferPointer { samples in
            for index in 0..<(frames / step) {
                _ = ebur128_add_frames_float(state, samples.baseAddress.map { $0 + index * step * channels }, step)
                var value = -Double.infinity
                if index + 1 >= 4, ebur128_loudness_momentary(state, &value) == Int32(EBUR128_SUCCESS.rawValue) {
                    momentaryMax = max(momentaryMax, value)
                }
                if index + 1 >= 30, ebur128_loudness_shortterm(state, &value) == Int32(EBUR128_SUCCESS.rawValue) {
                    shortTerm.append(value)
                }
            }
        }
        let meter = try LoudnessMeter(channels: channels, sampleRate: sampleRate)
        try Self.feed(samples, channels: channels, blocks: [1, 999, 4_410, 7, 12_345]) { try meter.add($0, frames: $1) }
        let ours = meter.measurement()
        #expect(abs((ours.momentaryMaxLUFS ?? .nan) - momentaryMax) < 0.001, "\(ours.momentaryMaxLUFS ?? .nan) vs \(momentaryMax)")
        #expect(abs((ours.shortTermMaxLUFS ?? .nan) - (shortTerm.max() ?? .nan)) < 0.001)
        #expect(ours.shortTermLUFS.count == shortTerm.count)
        for (our, their) in zip(ours.shortTermLUFS, shortTerm) {
            #expect(abs(Double(our) - their) < 0.001, "\(our) vs \(their)")
        }
    }
}
