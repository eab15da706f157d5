internal import Foundation

/// Rounds measured values the way a person would say them, with their units.
enum Quantity {
    /// "440 Hz", "87.1 Hz", "1.2 kHz".
    static func frequency(_ hertz: Double) -> String {
        if hertz >= 1000 { return "\(decimal(hertz / 1000, places: 1)) kHz" }
        if hertz < 100 { return "\(decimal(hertz, places: 1)) Hz" }
        return "\(Int(hertz.rounded())) Hz"
    }

    /// "15.0 seconds", "2.35 seconds", "3 min 05 s".
    static func duration(_ seconds: Double) -> String {
        if seconds >= 120 {
            let whole = Int(seconds.rounded())
            return "\(whole / 60) min \(String(format: "%02d", whole % 60)) s"
        }
        return "\(decimal(seconds, places: seconds < 10 ? 2 : 1)) seconds"
    }

    /// An amplitude ratio (0…1 of full scale) in dBFS: "-29 dBFS"; silence is "-inf dBFS".
    static func decibelsFullScale(_ amplitude: Double) -> String {
        guard amplitude > 0 else { return "-inf dBFS" }
        return "\(Int((20 * log10(amplitude)).rounded())) dBFS"
    }

    /// A number with a fixed count of decimals: `decimal(0.9571, places: 2)` → "0.96".
    static func decimal(_ value: Double, places: Int) -> String {
        let scale = (0..<max(0, places)).reduce(1.0) { value, _ in value * 10 }
        let product = abs(value) * scale
        // printf's digits without its format parsing (a large share of writing an answer).
        guard places <= 9, product < 1e15 else { return String(format: "%.\(places)f", value) }
        var scaled = product.rounded(.toNearestOrEven)
        if product - product.rounded(.down) == 0.5 {
            // The product was rounded once, so only a product on a half can round unlike the exact
            // value: the product's rounding error, exact by a fused multiply-add, says which way it lies.
            let error = (-product).addingProduct(abs(value), scale)
            if error > 0 { scaled = product.rounded(.up) } else if error < 0 { scaled = product.rounded(.down) }
        }
        let units = Int64(scaled)
        let whole = String(units / Int64(scale))
        let sign = value.sign == .minus ? "-" : ""
        guard places > 0 else { return sign + whole }
        let fraction = String(units % Int64(scale))
        return sign + whole + "." + String(repeating: "0", count: places - fraction.count) + fraction
    }

    /// A whole-number percentage of a 0…1 ratio: "98%".
    static func percent(_ ratio: Double) -> String {
        "\(Int((ratio * 100).rounded()))%"
    }

    /// A signed decimal with a true minus sign: "−9.8", "+0.3".
    static func signed(_ value: Double, places: Int) -> String {
        let text = decimal(abs(value), places: places)
        if Double(text) == 0 { return text }
        return (value < 0 ? "−" : "+") + text
    }
}
