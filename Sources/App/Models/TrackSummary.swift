import Database
import Foundation

/// The columns of a track that `GET /api/tracks/` lists (API.md), without the analysis JSON.
struct TrackSummary: Sendable, Hashable, RowDecodable {
    /// The track's id.
    var id: UUID
    /// The name the file had on the client.
    var originalFilename: String
    /// Analysis status.
    var status: Track.Status
    /// Seconds, when known.
    var duration: Double?
    /// Upload time.
    var createdAt: Date

    /// Creates a summary.
    init(id: UUID, originalFilename: String, status: Track.Status, duration: Double?, createdAt: Date) {
        self.id = id
        self.originalFilename = originalFilename
        self.status = status
        self.duration = duration
        self.createdAt = createdAt
    }

    /// Decodes the summary columns of a `tracks` row.
    init(row: Row) throws {
        guard let status = Track.Status(rawValue: try row.decode(String.self, "status")) else {
            throw DatabaseError(kind: .decoding, message: "tracks.status holds an unknown status")
        }
        self.init(
            id: try row.decode(UUID.self, "track_id"),
            originalFilename: try row.decode(String.self, "original_filename"),
            status: status,
            duration: try row.decode(Double?.self, "duration"),
            createdAt: try row.decode(Date.self, "created_at"))
    }
}
