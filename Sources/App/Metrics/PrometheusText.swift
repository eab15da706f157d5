internal import Foundation

/// Writes the Prometheus text exposition format, version 0.0.4.
struct PrometheusText {
    /// The Content-Type of the format.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private(set) var text = ""

    /// `# HELP` and `# TYPE` lines for a metric family.
    mutating func family(_ name: String, _ type: String, _ help: String) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
    }

    /// One sample line.
    mutating func sample(_ name: String, _ value: UInt64, labels: [(String, String)] = []) {
        sample(name, labels, number: String(value))
    }

    /// One sample line.
    mutating func sample(_ name: String, _ value: Double, labels: [(String, String)] = []) {
        sample(name, labels, number: Self.number(value))
    }

    private mutating func sample(_ name: String, _ labels: [(String, String)], number: String) {
        text += name
        if !labels.isEmpty {
            text += "{" + labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",") + "}"
        }
        text += " " + number + "\n"
    }

    /// A float as the format writes it (`+Inf`, `NaN`, shortest round-trip decimal otherwise).
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Label values escape backslash, double quote and line feed.
    static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }
}
