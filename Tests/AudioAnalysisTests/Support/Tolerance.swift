/// How close our numbers must be to librosa's, per output key: ANALYSIS.md,
/// "How close is close", declared once with the reason for each bound.
///
/// A value passes when it is within `relative` of the reference or within
/// `absolute` of it (the floor for values near zero).
struct Tolerance: CustomStringConvertible {
    let relative: Double
    let absolute: Double
    let reason: String

    func accepts(_ ours: Double, _ reference: Double) -> Bool {
        let difference = abs(ours - reference)
        return difference <= absolute || difference <= relative * abs(reference)
    }

    var description: String { "rel \(relative), abs \(absolute) (\(reason))" }

    static let exact = Tolerance(relative: 1e-12, absolute: 1e-12, reason: "counts and sample positions are integers computed the same way")

    /// The rule for a dotted key path such as `spectral.spectral_centroid.mean`.
    static func forKey(_ path: String) -> Tolerance {
        for (prefix, rule) in rules where path.hasPrefix(prefix) { return rule }
        return .exact
    }

    /// Longest prefixes first; the first match wins.
    static let rules: [(String, Tolerance)] = [
        (
            "spectral.spectral_flatness",
            .init(
                relative: 1e-3, absolute: 1e-4,
                reason: "float32 FFT noise floor differs from float64 where power is near amin")
        ),
        (
            "spectral.mfcc_summary",
            .init(
                relative: 1e-3, absolute: 0.05,
                reason: "dB of float32 mel energies; near-zero coefficients need an absolute floor")
        ),
        (
            "spectral.dominant_frequencies",
            .init(
                relative: 1e-3, absolute: 1e-6,
                reason: "same bins; magnitudes from a float32 whole-signal FFT")
        ),
        (
            "spectral.",
            .init(
                relative: 1e-3, absolute: 0.5,
                reason: "centroid/bandwidth/rolloff in Hz from a float32 STFT; 0.5 Hz floor")
        ),
        (
            "temporal.dynamic_range_db",
            .init(
                relative: 1e-3, absolute: 0.05,
                reason: "float32 dB like librosa, but log10f implementations differ in the last bit")
        ),
        (
            "temporal.zero_crossing_rate",
            .init(
                relative: 1e-3, absolute: 1e-4,
                reason: "soxr output differs from python-soxr's at ~1e-7, flipping rare near-zero signs")
        ),
        (
            "temporal.amplitude",
            .init(
                relative: 1e-3, absolute: 1e-5,
                reason: "float32 samples vs librosa's float64 after resampling")
        ),
        (
            "temporal.rms_energy",
            .init(
                relative: 1e-3, absolute: 1e-5,
                reason: "librosa's RMS is float32; ours accumulates in float64")
        ),
        ("temporal.duration_seconds", .exact),
        (
            "rhythm.tempo_bpm",
            .init(
                relative: 5e-3, absolute: 0,
                reason: "0.5 %: one tempogram lag apart is ~2 % at 120 BPM, so this demands the same lag")
        ),
        (
            "rhythm.onset_strength",
            .init(
                relative: 1e-2, absolute: 1e-6,
                reason: "spectral flux of float32 log-mel energies")
        ),
        (
            "rhythm.tempo_stability",
            .init(
                relative: 2e-2, absolute: 1e-4,
                reason: "inter-beat intervals; 0.1 ms floor for near-perfect clicks")
        ),
        ("rhythm.tempo_range", .init(relative: 1e-9, absolute: 0, reason: "the same tempogram rows")),
        ("rhythm.swing", .init(relative: 0, absolute: 0.05, reason: "median of onset positions within beats")),
        ("rhythm.steadiness", .init(relative: 0, absolute: 0.02, reason: "derived from the IBI coefficient of variation")),
    ]

    /// Dominant-frequency magnitudes far below the peak may differ by this fraction of the
    /// peak: a float32 FFT's rounding noise is ~1e-6 of its largest bin.
    static let dominantMagnitudeFloor = 1e-5

    /// Beat and onset times match when the F-measure at ±50 ms is at least 0.95.
    static let eventWindowSeconds = 0.05
    /// Smallest acceptable F-measure for beat and onset times.
    static let minimumFMeasure = 0.95
    /// time_signature and upbeat must agree on at least this share of the accuracy set.
    static let heuristicAgreement = 0.9
    /// Against ground truth, our tempo error may exceed librosa's by this fraction …
    static let groundTruthRelative = 0.005
    /// … and our beat error by one frame (512 samples at 22050 Hz).
    static let groundTruthFrameSeconds = 512.0 / 22050
}
