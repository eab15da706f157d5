import Foundation
import HTTPServer

/// The track JSON of API.md. The stored analysis is spliced in as it is (it is
/// JSON already), so reading a track never re-parses its analysis.
struct TrackRepresentation: Encodable {
    let track_id: String
    let original_filename: String
    let filename: String
    let url: String
    let size: Int64
    let sha256: String
    let duration: Double?
    let sample_rate: Int?
    let channels: Int?
    let format: String
    let status: String
    let status_message: String
    let created_at: String
    let analyzed_at: String?
    let spectrogram_url: String?

    init(_ track: Track, signer: URLSigner) {
        track_id = track.id.uuidString.lowercased()
        original_filename = track.originalFilename
        filename = track.filename
        url = signer.sign(path: "/media/\(track.mediaFilename)")
        size = track.size
        sha256 = track.sha256
        duration = track.duration
        sample_rate = track.sampleRate
        channels = track.channels
        format = track.format
        status = track.status.rawValue
        status_message = track.statusMessage
        created_at = ISO8601.string(track.createdAt)
        analyzed_at = track.analyzedAt.map(ISO8601.string)
        spectrogram_url = track.spectrogramFilename.map { _ in
            signer.sign(path: "/api/tracks/\(track.id.uuidString.lowercased())/spectrogram.png")
        }
    }

    /// Every key, `null` for absent values (the synthesised encoding would leave them out).
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(track_id, forKey: .track_id)
        try c.encode(original_filename, forKey: .original_filename)
        try c.encode(filename, forKey: .filename)
        try c.encode(url, forKey: .url)
        try c.encode(size, forKey: .size)
        try c.encode(sha256, forKey: .sha256)
        try c.encode(duration, forKey: .duration)
        try c.encode(sample_rate, forKey: .sample_rate)
        try c.encode(channels, forKey: .channels)
        try c.encode(format, forKey: .format)
        try c.encode(status, forKey: .status)
        try c.encode(status_message, forKey: .status_message)
        try c.encode(created_at, forKey: .created_at)
        try c.encode(analyzed_at, forKey: .analyzed_at)
        try c.encode(spectrogram_url, forKey: .spectrogram_url)
    }

    private enum CodingKeys: String, CodingKey {
        case track_id, original_filename, filename, url, size, sha256, duration, sample_rate, channels, format, status
        case status_message, created_at, analyzed_at, spectrogram_url
    }

    /// The full track JSON, `analysis` included.
    static func json(_ track: Track, signer: URLSigner) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var bytes = Array(try encoder.encode(TrackRepresentation(track, signer: signer)))
        // `{…}` → `{…,"analysis":<stored JSON>}`
        guard bytes.last == UInt8(ascii: "}") else { return bytes }
        bytes.removeLast()
        bytes += Array(#","analysis":"#.utf8)
        bytes += track.analysis.isEmpty ? Array("{}".utf8) : Array(track.analysis)
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }
}

/// One row of `GET /api/tracks/`.
struct TrackSummaryRepresentation: Encodable {
    private enum CodingKeys: String, CodingKey { case track_id, original_filename, status, duration, created_at }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(track_id, forKey: .track_id)
        try c.encode(original_filename, forKey: .original_filename)
        try c.encode(status, forKey: .status)
        try c.encode(duration, forKey: .duration)  // null while unknown, as API.md shows
        try c.encode(created_at, forKey: .created_at)
    }

    let track_id: String
    let original_filename: String
    let status: String
    let duration: Double?
    let created_at: String

    init(_ summary: TrackSummary) {
        track_id = summary.id.uuidString.lowercased()
        original_filename = summary.originalFilename
        status = summary.status.rawValue
        duration = summary.duration
        created_at = ISO8601.string(summary.createdAt)
    }
}
