/// The strongest bins of one FFT over the whole signal.
enum DominantFrequencies {
    /// The `count` largest bins of `|rfft(y)|` (one FFT of length `y.count`),
    /// largest first; exact ties put the higher bin first (as `np.argsort(...)[::-1]`).
    ///
    /// See `WholeSignalFFT` for how lengths with large prime factors are handled.
    /// - Parameters:
    ///   - y: mono signal, non-empty.
    ///   - sr: sampling rate in Hz.
    ///   - count: how many bins to return, ≥ 1; default 5.
    /// - Returns: `[count]` (frequency in Hz = `k·sr/n`, magnitude).
    static func top(
        y: UnsafeBufferPointer<Float>, sr: Double, count: Int = 5
    ) -> [(frequencyHz: Double, magnitude: Double)] {
        let n = y.count
        guard n > 0 else { return [] }
        var best: [(bin: Int, power: Double)] = []
        var floor = -Double.infinity
        WholeSignalFFT.forEachBinPower(y) { start, powers in
            for (i, power) in powers.enumerated() where power >= floor {
                insert((start + i, power), into: &best, keeping: count)
                if best.count == count { floor = best[count - 1].power }
            }
        }
        return best.map { (Double($0.bin) * sr / Double(n), $0.power.squareRoot()) }
    }

    /// Keeps `best` sorted by power descending, higher bin first among equals.
    private static func insert(_ entry: (bin: Int, power: Double), into best: inout [(bin: Int, power: Double)], keeping count: Int) {
        let position = best.firstIndex { entry.power > $0.power || (entry.power == $0.power && entry.bin > $0.bin) } ?? best.count
        guard position < count else { return }
        best.insert(entry, at: position)
        if best.count > count { best.removeLast() }
    }
}
