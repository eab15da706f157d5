import Foundation

/// Walks librosa's reference JSON and ours side by side and lists every key
/// outside its `Tolerance`.
struct ReferenceComparison {
    private(set) var failures: [String] = []
    private(set) var checkedKeys = 0

    /// Keys that hold event times, compared by F-measure instead of element-wise.
    static let eventKeys: Set<String> = ["rhythm.beat_times", "rhythm.onset_times", "rhythm.beat_count", "rhythm.onset_count"]
    /// Keys compared over the whole accuracy set rather than per file.
    static let heuristicKeys: Set<String> = ["rhythm.time_signature", "rhythm.upbeat"]

    mutating func compare(ours: Any?, reference: Any, path: String, silent: Bool) {
        if Self.eventKeys.contains(path) || Self.heuristicKeys.contains(path) { return }
        if path == "spectral.dominant_frequencies" {
            compareDominant(ours: ours, reference: reference, silent: silent)
            return
        }
        switch reference {
        case let object as [String: Any]:
            guard let mine = ours as? [String: Any] else { return fail(path, "missing object") }
            for key in Set(mine.keys).subtracting(object.keys) { fail("\(path).\(key)", "extra key") }
            for (key, value) in object {
                compare(ours: mine[key], reference: value, path: path.isEmpty ? key : "\(path).\(key)", silent: silent)
            }
        case let array as [Any]:
            guard let mine = ours as? [Any], mine.count == array.count else {
                return fail(path, "length \((ours as? [Any])?.count ?? -1) vs \(array.count)")
            }
            for (i, value) in array.enumerated() { compare(ours: mine[i], reference: value, path: path, silent: silent) }
        case let number as NSNumber:
            checkedKeys += 1
            guard let mine = (ours as? NSNumber)?.doubleValue else { return fail(path, "missing number") }
            let rule = Tolerance.forKey(path)
            if !rule.accepts(mine, number.doubleValue) {
                fail(path, "ours \(mine) vs librosa \(number.doubleValue), \(rule)")
            }
        default:
            checkedKeys += 1
            if "\(ours ?? "nil")" != "\(reference)" { fail(path, "ours \(ours ?? "nil") vs librosa \(reference)") }
        }
    }

    /// The same five bins; for an all-zero signal every bin ties, so any order is fine.
    private mutating func compareDominant(ours: Any?, reference: Any, silent: Bool) {
        func bins(_ value: Any?) -> [(Double, Double)] {
            ((value as? [[String: Any]]) ?? []).map {
                (($0["frequency_hz"] as? NSNumber)?.doubleValue ?? -1, ($0["magnitude"] as? NSNumber)?.doubleValue ?? -1)
            }
        }
        let mine = bins(ours)
        let theirs = bins(reference)
        checkedKeys += 1
        guard mine.count == theirs.count else { return fail("spectral.dominant_frequencies", "count differs") }
        if silent { return }
        let rule = Tolerance.forKey("spectral.dominant_frequencies")
        let floor = Tolerance.dominantMagnitudeFloor * (theirs.first?.1 ?? 0)
        for (a, b) in zip(mine, theirs) where abs(a.0 - b.0) > 1e-9 || !(rule.accepts(a.1, b.1) || abs(a.1 - b.1) <= floor) {
            fail("spectral.dominant_frequencies", "ours \(a) vs librosa \(b)")
        }
    }

    private mutating func fail(_ path: String, _ message: String) {
        failures.append("\(path): \(message)")
    }

    /// F-measure of `estimated` against `reference` event times with a ±`window` s match window
    /// (each reference event matches at most one estimate, greedily in time order).
    static func fMeasure(_ estimated: [Double], _ reference: [Double], window: Double = Tolerance.eventWindowSeconds) -> Double {
        if estimated.isEmpty && reference.isEmpty { return 1 }
        guard !estimated.isEmpty, !reference.isEmpty else { return 0 }
        var used = [Bool](repeating: false, count: estimated.count)
        var hits = 0
        for r in reference {
            if let i = estimated.indices.first(where: { !used[$0] && abs(estimated[$0] - r) <= window }) {
                used[i] = true
                hits += 1
            }
        }
        let precision = Double(hits) / Double(estimated.count)
        let recall = Double(hits) / Double(reference.count)
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
    }
}
