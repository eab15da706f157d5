import Foundation

/// Analysis windows.
enum Window {
    /// Periodic Hann window of `length` samples, as `scipy.signal.get_window("hann", n, fftbins=True)`.
    ///
    /// Port of `librosa.filters.get_window("hann", ...)` (librosa 0.11.0).
    /// - Parameter length: window length in samples, > 0.
    /// - Returns: `[length]` weights, 0 at index 0, 1 at the centre.
    static func hann(_ length: Int) -> [Double] {
        (0..<length).map { n in 0.5 - 0.5 * cos(2 * Double.pi * Double(n) / Double(length)) }
    }
}
