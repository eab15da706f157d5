/// What a `LoudnessMeter` measured over a whole file (EBU R128 quantities).
///
/// A quantity that is undefined for the input is nil: digital silence has no
/// integrated loudness (−∞ LUFS) and no peak, a file under 3 s has no loudness
/// range or short-term value.
public struct LoudnessMeasurement: Sendable, Equatable {
    /// Gated integrated loudness, LUFS (BS.1770-4: absolute gate −70 LUFS, relative gate −10 LU).
    public var integratedLUFS: Double?
    /// Loudness range (EBU Tech 3342), LU.
    public var loudnessRangeLU: Double?
    /// Highest true peak over all channels (4× oversampled below 96 kHz), dBTP.
    public var truePeakDBTP: Double?
    /// Highest sample magnitude over all channels, dBFS.
    public var samplePeakDBFS: Double?
    /// Highest momentary (400 ms) loudness, read every 100 ms, LUFS.
    public var momentaryMaxLUFS: Double?
    /// Highest short-term (3 s) loudness, read every 100 ms, LUFS.
    public var shortTermMaxLUFS: Double?
    /// `[step]` short-term loudness of the 3 s window ending at
    /// `shortTermStartSeconds + step · shortTermStepSeconds`, LUFS (−∞ for silence).
    public var shortTermLUFS: [Float]
    /// End of the first short-term window, seconds (3).
    public var shortTermStartSeconds: Double
    /// Time between short-term readings, seconds (0.1).
    public var shortTermStepSeconds: Double
}
