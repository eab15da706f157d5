import Foundation

/// Decibel conversions.
enum Decibel {
    /// `10·log10(max(amin, power)) − 10·log10(max(amin, ref))`, before `topDb` clipping.
    ///
    /// Port of the element-wise part of `librosa.power_to_db` (librosa 0.11.0);
    /// clipping needs the maximum over the whole array, see `clip(_:topDb:)`.
    static func powerToDb(_ power: Double, ref: Double = 1, amin: Double = LibrosaDefaults.amin) -> Double {
        // 10·log10(max(amin, 1)) is 0: skip the second logarithm for the default reference.
        ref == 1 ? 10 * log10(max(amin, power)) : 10 * log10(max(amin, power)) - 10 * log10(max(amin, ref))
    }

    /// The same in float32, as librosa computes it for float32 inputs such as RMS.
    static func powerToDb(_ power: Float, ref: Float = 1, amin: Float = Float(LibrosaDefaults.amin)) -> Float {
        ref == 1 ? 10 * log10(max(amin, power)) : 10 * log10(max(amin, power)) - 10 * log10(max(amin, ref))
    }

    /// Clips decibel values to at most `topDb` below their maximum (in place).
    /// - Returns: the maximum before clipping.
    @discardableResult
    static func clip(_ values: inout [Float], topDb: Float) -> Float {
        guard let peak = values.max() else { return 0 }
        let floor = peak - topDb
        for i in values.indices where values[i] < floor { values[i] = floor }
        return peak
    }
}
