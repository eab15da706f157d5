/// librosa's default parameters (librosa 0.11.0), in one place so every port agrees.
///
/// Names follow librosa's keyword arguments, camel-cased. Each function in this
/// module takes these as defaults; see the librosa function named in its doc comment.
public enum LibrosaDefaults {
    /// Sampling rate every signal is resampled to, in Hz (`sr=22050`).
    public static let sr: Double = 22_050
    /// FFT window length in samples (`n_fft=2048`).
    public static let nFFT = 2048
    /// Samples between successive frames (`hop_length=512`).
    public static let hopLength = 512
    /// Number of mel bands (`n_mels=128`).
    public static let nMels = 128
    /// Number of MFCCs (`n_mfcc=20` in librosa; the agents ask for 13).
    public static let nMFCC = 13
    /// Floor for decibel conversion of power (`amin=1e-10`).
    public static let amin: Double = 1e-10
    /// Floor for decibel conversion of amplitude (`amin=1e-5`).
    public static let aminAmplitude: Double = 1e-5
    /// Dynamic range kept below the peak by `power_to_db` (`top_db=80`).
    public static let topDb: Double = 80
    /// Fraction of spectral energy below the rolloff frequency (`roll_percent=0.85`).
    public static let rollPercent: Double = 0.85
    /// Exponent of the spectral bandwidth (`p=2`).
    public static let bandwidthP: Double = 2
    /// Pre-emphasis filter coefficient (`coef=0.97`).
    public static let preemphasisCoef: Double = 0.97
    /// Magnitudes at or below this count as zero in zero-crossing detection (`threshold=1e-10`).
    public static let zeroCrossingThreshold: Double = 1e-10
    /// Tempo prior centre in BPM (`start_bpm=120`).
    public static let startBPM: Double = 120
    /// Tempo prior width in octaves (`std_bpm=1.0`).
    public static let stdBPM: Double = 1
    /// Autocorrelation window of the tempo estimator in seconds (`ac_size=8.0`).
    public static let acSize: Double = 8
    /// Highest tempo considered by the estimator in BPM (`max_tempo=320`).
    public static let maxTempo: Double = 320
    /// How strictly the beat tracker keeps to the tempo (`tightness=100`).
    public static let tightness: Double = 100
    /// Tempogram window length in onset frames (`win_length=384`).
    public static let tempogramWinLength = 384
}
