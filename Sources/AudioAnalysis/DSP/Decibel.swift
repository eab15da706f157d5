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

    /// `10·log10(max(amin, power))` for the mel spectrogram's hot loop.
    ///
    /// Splits the value into a binary exponent and a mantissa in [√½, √2), and
    /// takes ln of the mantissa from the series 2·atanh((m−1)/(m+1)) to the t¹¹
    /// term: relative error below 1e-10, at a third of the cost of `log10`.
    /// - Parameter power: ≥ 0 and finite.
    @inline(__always)
    static func fastPowerToDb(_ power: Double, amin: Double = LibrosaDefaults.amin) -> Double {
        let x = max(amin, power)
        let bits = x.bitPattern
        var exponent = Int((bits >> 52) & 0x7FF) - 1023
        var m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
        if m > 1.4142135623730951 {
            m *= 0.5
            exponent += 1
        }
        let t = (m - 1) / (m + 1)
        let t2 = t * t
        let series = 1 + t2 * (1.0 / 3 + t2 * (1.0 / 5 + t2 * (1.0 / 7 + t2 * (1.0 / 9 + t2 / 11))))
        let ln = 2 * t * series + Double(exponent) * 0.6931471805599453
        return ln * (10 / 2.302585092994046)
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
