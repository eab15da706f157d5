import Foundation

/// The stored peaks: the finest resolution `GET …/waveform/` serves.
///
/// Stored as `{"duration", "encoding": "f32le-base64", "min", "max"}`: each list packed as
/// little-endian float32 in base64, so the values are exact and the database keeps one string
/// per list. As JSON arrays, Postgres parsed 20,000 numbers into `jsonb` numerics for every
/// track (about 10 ms of its CPU, a tenth of a track's whole cost on a shared machine).
/// Rows written before hold plain arrays and still decode.
struct StoredWaveform: Codable, Sendable {
    let duration: Double
    let min: [Float]
    let max: [Float]

    private static let packedEncoding = "f32le-base64"

    private enum CodingKeys: String, CodingKey { case duration, encoding, min, max }

    init(duration: Double, min: [Float], max: [Float]) {
        self.duration = duration
        self.min = min
        self.max = max
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        duration = try container.decodeIfPresent(Double.self, forKey: .duration) ?? 0
        guard try container.decodeIfPresent(String.self, forKey: .encoding) == Self.packedEncoding else {
            min = try container.decode([Float].self, forKey: .min)
            max = try container.decode([Float].self, forKey: .max)
            return
        }
        min = try Self.unpacked(container.decode(String.self, forKey: .min), key: .min, in: container)
        max = try Self.unpacked(container.decode(String.self, forKey: .max), key: .max, in: container)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(duration, forKey: .duration)
        try container.encode(Self.packedEncoding, forKey: .encoding)
        try container.encode(Self.packed(min), forKey: .min)
        try container.encode(Self.packed(max), forKey: .max)
    }

    private static func packed(_ values: [Float]) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(values.count * 4)
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        return Data(bytes).base64EncodedString()
    }

    private static func unpacked(
        _ text: String, key: CodingKeys, in container: KeyedDecodingContainer<CodingKeys>
    ) throws -> [Float] {
        guard let data = Data(base64Encoded: text), data.count % 4 == 0 else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "not base64 float32 values")
        }
        let bytes = [UInt8](data)
        return stride(from: 0, to: bytes.count, by: 4).map { i in
            Float(bitPattern: UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24)
        }
    }

    /// The peaks regrouped into `points` buckets (each output bucket takes the
    /// extremes of the stored buckets it covers).
    func resampled(to points: Int) -> (min: [Float], max: [Float]) {
        let stored = min.count
        guard stored > 0, points > 0 else { return ([], []) }
        var lows = [Float](repeating: 0, count: points)
        var highs = [Float](repeating: 0, count: points)
        for bucket in 0..<points {
            let start = bucket * stored / points
            let end = Swift.max(start + 1, (bucket + 1) * stored / points)
            lows[bucket] = min[start..<Swift.min(end, stored)].min() ?? 0
            highs[bucket] = max[start..<Swift.min(end, stored)].max() ?? 0
        }
        return (lows, highs)
    }
}
