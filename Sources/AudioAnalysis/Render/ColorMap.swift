/// A perceptually ordered dark-to-bright colour ramp (black, purple, red,
/// orange, pale yellow — the shape of matplotlib's "magma"), for dB levels.
enum ColorMap {
    private static let stops: [(Float, Float, Float)] = [
        (0, 0, 4), (28, 16, 68), (79, 18, 123), (129, 37, 129), (181, 54, 122),
        (229, 80, 100), (251, 135, 97), (254, 194, 135), (252, 253, 191),
    ]

    /// The colour for `t` in 0…1 (clamped).
    static func rgb(_ t: Float) -> (UInt8, UInt8, UInt8) {
        let x = min(max(t, 0), 1) * Float(stops.count - 1)
        let i = min(Int(x), stops.count - 2)
        let f = x - Float(i)
        let (a, b) = (stops[i], stops[i + 1])
        return (UInt8(a.0 + (b.0 - a.0) * f), UInt8(a.1 + (b.1 - a.1) * f), UInt8(a.2 + (b.2 - a.2) * f))
    }
}
