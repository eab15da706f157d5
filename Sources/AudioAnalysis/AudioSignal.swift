/// A mono signal ready for analysis.
public struct AudioSignal: Sendable {
    /// Samples, nominally in [−1, 1].
    public let samples: [Float]
    /// Sampling rate in Hz (22050 after decoding).
    public let sampleRate: Double

    /// - Parameters:
    ///   - samples: mono samples.
    ///   - sampleRate: Hz, > 0; default 22050.
    public init(samples: [Float], sampleRate: Double = LibrosaDefaults.sr) {
        self.samples = samples
        self.sampleRate = sampleRate
    }

    /// Length in seconds.
    public var durationSeconds: Double { Double(samples.count) / sampleRate }
}
