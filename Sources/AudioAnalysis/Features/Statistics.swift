/// Population statistics (numpy's defaults: `ddof=0`).
enum Statistics {
    /// Arithmetic mean; 0 for an empty collection.
    static func mean<C: Collection>(_ values: C) -> Double where C.Element: BinaryFloatingPoint {
        guard !values.isEmpty else { return 0 }
        var sum: Double = 0
        for v in values { sum += Double(v) }
        return sum / Double(values.count)
    }

    /// Population standard deviation (`np.std`, ddof 0); 0 for an empty collection.
    static func std<C: Collection>(_ values: C) -> Double where C.Element: BinaryFloatingPoint {
        guard !values.isEmpty else { return 0 }
        let m = mean(values)
        var sum: Double = 0
        for v in values {
            let d = Double(v) - m
            sum += d * d
        }
        return (sum / Double(values.count)).squareRoot()
    }

    /// Median as `np.median`: the mean of the two middle values for even counts.
    /// Reorders `values`; 0 for an empty array.
    static func median(_ values: inout [Double]) -> Double {
        let n = values.count
        guard n > 0 else { return 0 }
        let upper = select(&values, n / 2)
        guard n % 2 == 0 else { return upper }
        // After selection everything below n/2 is ≤ the upper middle value.
        let lower = values[0..<(n / 2)].max() ?? upper
        return (lower + upper) / 2
    }

    /// The `k`-th smallest value (0-based), partially ordering `values` (quickselect).
    static func select(_ values: inout [Double], _ k: Int) -> Double {
        var lo = 0
        var hi = values.count - 1
        while lo < hi {
            let pivot = values[(lo + hi) / 2]
            var i = lo
            var j = hi
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { break }
        }
        return values[k]
    }
}

extension Statistics {
    /// Minimum, maximum, mean and population standard deviation of samples, in two SIMD passes.
    ///
    /// Float lanes sum blocks of at most 1024 samples; blocks are added in
    /// float64, so the result agrees with numpy's float64 statistics to ~1e-7.
    static func summary(_ y: UnsafeBufferPointer<Float>) -> (min: Double, max: Double, mean: Double, std: Double) {
        guard let p = y.baseAddress, !y.isEmpty else { return (0, 0, 0, 0) }
        let n = y.count
        // Floats mapped to integers that sort the same way: integer min/max
        // reductions vectorise, float ones (with their NaN rules) do not.
        var lo = Int32.max
        var hi = Int32.min
        for i in 0..<n {
            let bits = Int32(bitPattern: p[i].bitPattern)
            let key = bits ^ ((bits >> 31) & 0x7FFF_FFFF)
            lo = Swift.min(lo, key)
            hi = Swift.max(hi, key)
        }
        func float(_ key: Int32) -> Float {
            Float(bitPattern: UInt32(bitPattern: key ^ ((key >> 31) & 0x7FFF_FFFF)))
        }
        var total: Double = 0
        var i = 0
        while i < n {
            let end = Swift.min(n, i + 1024)
            var acc = Vector.V.zero
            while i + 8 <= end {
                acc += Vector.load(p + i)
                i += 8
            }
            total += Double(acc.sum())
            while i < end {
                total += Double(p[i])
                i += 1
            }
        }
        let mean = total / Double(n)
        return (Double(float(lo)), Double(float(hi)), mean, deviation(p, count: n, mean: mean))
    }

    private static func deviation(_ p: UnsafePointer<Float>, count n: Int, mean: Double) -> Double {
        let m = Vector.V(repeating: Float(mean))
        var total: Double = 0
        var i = 0
        while i < n {
            let end = min(n, i + 1024)
            var acc = Vector.V.zero
            while i + 8 <= end {
                let d = Vector.load(p + i) - m
                acc += d * d
                i += 8
            }
            total += Double(acc.sum())
            while i < end {
                let d = Double(p[i]) - mean
                total += d * d
                i += 1
            }
        }
        return (total / Double(n)).squareRoot()
    }
}
