import Database
import Foundation
import HTTPServer

/// The track JSON of API.md, keys in its order. The stored analysis is spliced
/// in as it is (it is JSON already), so reading a track never re-parses it.
enum TrackRepresentation {
    /// The full track JSON, `analysis` included.
    static func json(_ track: Track, signer: URLSigner) -> [UInt8] {
        let id = track.id.lowercasedString
        var json = JSONObjectWriter(capacity: 768 + track.analysis.count)
        json.add("track_id", id)
        json.add("original_filename", track.originalFilename)
        json.add("filename", track.filename)
        json.add("url", signer.sign(path: "/media/\(track.mediaFilename)"))
        json.add("size", track.size)
        json.add("sha256", track.sha256)
        json.add("duration", track.duration)
        json.add("sample_rate", track.sampleRate)
        json.add("channels", track.channels)
        json.add("format", track.format)
        json.add("status", track.status.rawValue)
        json.add("status_message", track.statusMessage)
        json.add("created_at", ISO8601.string(track.createdAt))
        json.add("analyzed_at", track.analyzedAt.map(ISO8601.string))
        json.add("spectrogram_url", track.spectrogramFilename.map { _ in signer.sign(path: "/api/tracks/\(id)/spectrogram.png") })
        json.add("analysis", json: track.analysis.isEmpty ? Data("{}".utf8) : track.analysis)
        return json.finish()
    }

    /// `GET /api/tracks/`: one summary per track (`duration` is null while unknown, as API.md shows).
    static func json(_ summaries: [TrackSummary]) -> [UInt8] {
        JSONObjectWriter.array(
            summaries.map { summary in
                var json = JSONObjectWriter()
                json.add("track_id", summary.id.lowercasedString)
                json.add("original_filename", summary.originalFilename)
                json.add("status", summary.status.rawValue)
                json.add("duration", summary.duration)
                json.add("created_at", ISO8601.string(summary.createdAt))
                return json.finish()
            })
    }
}
