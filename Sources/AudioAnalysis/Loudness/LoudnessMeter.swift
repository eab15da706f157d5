internal import CEBUR128
internal import Foundation

/// An EBU R128 / ITU-R BS.1770-4 meter over libebur128, the standard's reference implementation.
///
/// Fed the decoded file's interleaved frames at their original rate and channel
/// layout, block by block as the decoder reads them, so loudness costs no second
/// decode and no copy of the file at its original rate. Every 100 ms of audio it
/// records the momentary (400 ms) and short-term (3 s) loudness, as a meter's
/// display would refresh.
final class LoudnessMeter {
    private var state: UnsafeMutablePointer<ebur128_state>?
    /// True peak outside libebur128: the same filter, vectorised (see `TruePeakMeter`).
    private var truePeakMeter: TruePeakMeter
    let channels: Int
    let sampleRate: Int
    /// Frames in one 100 ms step.
    private let stepFrames: Int
    /// Frames of the current step fed so far.
    private var framesInStep = 0
    private var steps = 0
    private var momentaryMax = -Double.infinity
    private var shortTermMax = -Double.infinity
    /// The mean square (K-weighted, channel-weighted) of the last 30 steps, newest at `steps % 30`.
    private var stepEnergies = [Double](repeating: 0, count: 30)
    /// Short-term loudness after each 100 ms step once 3 s have been fed (LUFS; −∞ for digital silence).
    private var shortTerm: [Float] = []

    /// - Parameters:
    ///   - channels: interleaved channels, 1 … 64; libebur128's default layout
    ///     (L, R, C, LFE ignored, Ls, Rs) applies.
    ///   - sampleRate: Hz, 1 … 2 822 400 (libebur128's own range).
    /// - Throws: `AnalysisError.invalidParameter` when libebur128 refuses them.
    init(channels: Int, sampleRate: Int) throws {
        // No EBUR128_MODE_HISTOGRAM: it quantises the gated blocks to 0.1 LU, which moves the
        // integrated value and LRA off the exact figures; the block lists it saves cost
        // only 16 bytes per 100 ms (about 300 KB for 30 minutes).
        let mode = Int32(
            EBUR128_MODE_I.rawValue | EBUR128_MODE_LRA.rawValue | EBUR128_MODE_SAMPLE_PEAK.rawValue
                | EBUR128_MODE_S.rawValue)
        guard (1...64).contains(channels), sampleRate > 0,
            let state = ebur128_init(UInt32(channels), UInt(sampleRate), mode)
        else {
            throw AnalysisError.invalidParameter(name: "loudness", value: "\(channels) channels at \(sampleRate) Hz")
        }
        self.state = state
        truePeakMeter = TruePeakMeter(channels: channels, sampleRate: sampleRate)
        self.channels = channels
        self.sampleRate = sampleRate
        stepFrames = max(1, sampleRate / 10)
    }

    deinit {
        ebur128_destroy(&state)
    }

    /// Adds `frames` interleaved frames.
    /// - Throws: `AnalysisError.decodeFailed` if libebur128 reports an error (out of memory).
    func add(_ interleaved: UnsafePointer<Float>, frames: Int) throws {
        truePeakMeter.add(interleaved, frames: frames)
        var offset = 0
        while offset < frames {
            let take = min(frames - offset, stepFrames - framesInStep)
            guard ebur128_add_frames_float(state, interleaved + offset * channels, take) == Int32(EBUR128_SUCCESS.rawValue) else {
                throw AnalysisError.decodeFailed("loudness measurement failed")
            }
            offset += take
            framesInStep += take
            if framesInStep == stepFrames {
                framesInStep = 0
                steps += 1
                recordStep()
            }
        }
    }

    /// Momentary (400 ms) and short-term (3 s) loudness as means of the last 4 and 30 steps'
    /// energies: libebur128 reads one step's energy; asking it for the 3 s window every 100 ms
    /// re-summed 3 s of samples each time (about 27 ms per 15 s of stereo at 44.1 kHz).
    private func recordStep() {
        var loudness = -Double.infinity
        let energy =
            ebur128_loudness_window(state, 100, &loudness) == Int32(EBUR128_SUCCESS.rawValue)
            ? Self.energy(loudness) : 0
        stepEnergies[steps % 30] = energy
        if steps >= 4 {
            let last4 = (0..<4).reduce(0.0) { $0 + stepEnergies[(steps - $1) % 30] }
            momentaryMax = max(momentaryMax, Self.loudness(last4 / 4))
        }
        if steps >= 30 {
            let value = Self.loudness(stepEnergies.reduce(0, +) / 30)
            shortTermMax = max(shortTermMax, value)
            shortTerm.append(Float(value))
        }
    }

    /// BS.1770's loudness of a mean square, as libebur128 computes it (−∞ for none).
    private static func loudness(_ energy: Double) -> Double {
        energy > 0 ? 10 * log10(energy) - 0.691 : -.infinity
    }

    /// The mean square behind a loudness `loudness(_:)` returned.
    private static func energy(_ loudness: Double) -> Double {
        loudness.isFinite ? pow(10, (loudness + 0.691) / 10) : 0
    }

    /// The measurement of everything fed so far.
    func measurement() -> LoudnessMeasurement {
        var integrated = -Double.infinity
        var range = 0.0
        if ebur128_loudness_global(state, &integrated) != Int32(EBUR128_SUCCESS.rawValue) { integrated = -.infinity }
        let hasRange = steps >= 30 && ebur128_loudness_range(state, &range) == Int32(EBUR128_SUCCESS.rawValue)
        var truePeak = 0.0
        var samplePeak = 0.0
        for channel in 0..<channels {
            var peak = 0.0
            if ebur128_sample_peak(state, UInt32(channel), &peak) == Int32(EBUR128_SUCCESS.rawValue) { samplePeak = max(samplePeak, peak) }
            // As libebur128 reports it: never below the channel's sample peak.
            truePeak = max(truePeak, peak, Double(truePeakMeter.peaks[channel]))
        }
        return LoudnessMeasurement(
            integratedLUFS: Self.finite(integrated),
            loudnessRangeLU: hasRange ? Self.finite(range) : nil,
            truePeakDBTP: Self.finite(20 * log10(truePeak)),
            samplePeakDBFS: Self.finite(20 * log10(samplePeak)),
            momentaryMaxLUFS: Self.finite(momentaryMax),
            shortTermMaxLUFS: Self.finite(shortTermMax),
            shortTermLUFS: shortTerm,
            shortTermStartSeconds: 3.0,
            shortTermStepSeconds: Double(stepFrames) / Double(sampleRate))
    }

    /// `value`, or nil where the quantity is undefined (digital silence gives −∞).
    private static func finite(_ value: Double) -> Double? {
        value.isFinite ? value : nil
    }
}

@available(*, unavailable, message: "libebur128 state is fed by one decoder on one thread")
extension LoudnessMeter: Sendable {}
