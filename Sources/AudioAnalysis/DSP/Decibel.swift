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

    /// `fastPowerToDb` on four values at once: the same operations lane by lane,
    /// so the results are bit for bit those of the scalar version.
    /// - Parameter power: ≥ 0 and finite.
    @inline(__always)
    static func fastPowerToDb(_ power: SIMD4<Double>, amin: Double = LibrosaDefaults.amin) -> SIMD4<Double> {
        let floor = SIMD4<Double>(repeating: amin)
        // max(amin, power), keeping Swift.max's choice of amin when the comparison fails.
        let x = floor.replacing(with: power, where: power .>= floor)
        let bits = unsafeBitCast(x, to: SIMD4<UInt64>.self)
        var exponent = SIMD4<Int64>(truncatingIfNeeded: (bits &>> 52) & 0x7FF) &- 1023
        var m = unsafeBitCast((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000, to: SIMD4<Double>.self)
        let high = m .> 1.4142135623730951
        m = m.replacing(with: m * 0.5, where: high)
        exponent &+= SIMD4<Int64>(repeating: 0).replacing(with: 1, where: high)
        let t = (m - 1) / (m + 1)
        let t2 = t * t
        // The scalar version's Horner steps, innermost first.
        var series = (1.0 / 9) + t2 / 11
        series = (1.0 / 7) + t2 * series
        series = (1.0 / 5) + t2 * series
        series = (1.0 / 3) + t2 * series
        series = 1 + t2 * series
        let e = SIMD4<Double>(Double(exponent[0]), Double(exponent[1]), Double(exponent[2]), Double(exponent[3]))
        let ln = 2 * t * series + e * 0.6931471805599453
        return ln * (10 / 2.302585092994046)
    }

    /// `Float(fastPowerToDb(power[i]))` for `count` values, four at a time.
    static func fastPowerToDb(_ power: UnsafePointer<Double>, into out: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 4 <= count {
            let db = fastPowerToDb(UnsafeRawPointer(power + i).loadUnaligned(as: SIMD4<Double>.self))
            UnsafeMutableRawPointer(out + i).storeBytes(of: SIMD4<Float>(db), as: SIMD4<Float>.self)
            i += 4
        }
        while i < count {
            out[i] = Float(fastPowerToDb(power[i]))
            i += 1
        }
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
