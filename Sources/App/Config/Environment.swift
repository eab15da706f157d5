/// Typed reads of environment variables; each failure names its variable.
struct Environment {
    let values: [String: String]

    func string(_ name: String) -> String? {
        guard let value = values[name]?.trimmingOWSAndNewlines(), !value.isEmpty else { return nil }
        return String(value)
    }

    func string(_ name: String, default fallback: String) -> String { string(name) ?? fallback }

    func int(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = string(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigError(variable: name, problem: "must be an integer from \(range.lowerBound) to \(range.upperBound), got \"\(text)\"")
        }
        return value
    }

    func double(_ name: String, default fallback: Double, range: ClosedRange<Double>) throws -> Double {
        guard let text = string(name) else { return fallback }
        guard let value = Double(text), range.contains(value) else {
            throw ConfigError(variable: name, problem: "must be a number from \(range.lowerBound) to \(range.upperBound), got \"\(text)\"")
        }
        return value
    }

    func bool(_ name: String, default fallback: Bool) throws -> Bool {
        guard let text = string(name)?.lowercased() else { return fallback }
        switch text {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigError(variable: name, problem: "must be true or false, got \"\(text)\"")
        }
    }

    func list(_ name: String) -> [String] {
        (string(name) ?? "").split(separator: ",").map { String($0.trimmingOWSAndNewlines()) }.filter { !$0.isEmpty }
    }
}

extension StringProtocol {
    func trimmingOWSAndNewlines() -> Substring {
        var s = self[...]
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return Substring(s)
    }
}
