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
