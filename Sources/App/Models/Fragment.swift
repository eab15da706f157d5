import Database
import Foundation

/// A sketchbook fragment: audio a mobile client sent for idempotent analysis (API.md).
struct Fragment: Sendable, Hashable {
    /// Where the fragment's analysis stands.
    enum Status: String, Sendable, Hashable, CaseIterable {
        /// Accepted, waiting for a worker.
        case pending
        /// A worker is analysing it (still reported as "pending" to clients).
        case processing
        /// Finished; `result` holds it.
        case complete
        /// Failed; `error` says why.
        case failed
    }

    /// The client's UUID.
    var id: UUID
    /// The uploader; nil when sent with the API key.
    var ownerID: Int64?
    /// The audio file's path under MEDIA_ROOT.
    var audioPath: String
    /// The declared MIME type.
    var mimeType: String
    /// The client's `duration_seconds`, when given.
    var durationSeconds: Double?
    /// Analysis status.
    var status: Status
    /// Why analysis failed.
    var error: String?
    /// The server version that produced `result`.
    var modelVersion: String?
    /// The result JSON (`dimensions`, `descriptors`, `raw_data`), once complete.
    var result: Data?
    /// How many times a failure was re-queued.
    var retryCount: Int
    /// When it was first received.
    var createdAt: Date
    /// When its status last changed.
    var updatedAt: Date
    /// When analysis finished.
    var completedAt: Date?

    /// Creates a new, pending fragment.
    init(
        id: UUID, ownerID: Int64?, audioPath: String, mimeType: String, durationSeconds: Double?, createdAt: Date
    ) {
        self.init(
            id: id, ownerID: ownerID, audioPath: audioPath, mimeType: mimeType, durationSeconds: durationSeconds,
            status: .pending, error: nil, modelVersion: nil, result: nil, retryCount: 0,
            createdAt: createdAt, updatedAt: createdAt, completedAt: nil)
    }

    /// Creates a fragment record with every field.
    init(
        id: UUID, ownerID: Int64?, audioPath: String, mimeType: String, durationSeconds: Double?, status: Status,
        error: String?, modelVersion: String?, result: Data?, retryCount: Int, createdAt: Date, updatedAt: Date,
        completedAt: Date?
    ) {
        self.id = id
        self.ownerID = ownerID
        self.audioPath = audioPath
        self.mimeType = mimeType
        self.durationSeconds = durationSeconds
        self.status = status
        self.error = error
        self.modelVersion = modelVersion
        self.result = result
        self.retryCount = retryCount
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.completedAt = completedAt
    }
}

extension Fragment: RowDecodable {
    /// Decodes a `fragments` row.
    init(row: Row) throws {
        guard let status = Status(rawValue: try row.decode(String.self, "status")) else {
            throw DatabaseError(kind: .decoding, message: "fragments.status holds an unknown status")
        }
        self.init(
            id: try row.decode(UUID.self, "fragment_id"),
            ownerID: try row.decode(Int64?.self, "owner_id"),
            audioPath: try row.decode(String.self, "audio_path"),
            mimeType: try row.decode(String.self, "mime_type"),
            durationSeconds: try row.decode(Double?.self, "duration"),
            status: status,
            error: try row.decode(String?.self, "error"),
            modelVersion: try row.decode(String?.self, "model_version"),
            result: try row.decode(DatabaseJSON?.self, "analysis")?.data,
            retryCount: try row.decode(Int.self, "retry_count"),
            createdAt: try row.decode(Date.self, "created_at"),
            updatedAt: try row.decode(Date.self, "updated_at"),
            completedAt: try row.decode(Date?.self, "completed_at"))
    }
}
