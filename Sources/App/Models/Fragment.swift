public import Database
public import Foundation

/// A sketchbook fragment: audio a mobile client sent for idempotent analysis (API.md).
public struct Fragment: Sendable, Hashable {
    /// Where the fragment's analysis stands.
    public enum Status: String, Sendable, Hashable, CaseIterable {
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
    public var id: UUID
    /// The uploader; nil when sent with the API key.
    public var ownerID: Int64?
    /// The audio file's path under MEDIA_ROOT.
    public var audioPath: String
    /// The declared MIME type.
    public var mimeType: String
    /// The client's `duration_seconds`, when given.
    public var durationSeconds: Double?
    /// Analysis status.
    public var status: Status
    /// Why analysis failed.
    public var error: String?
    /// The server version that produced `result`.
    public var modelVersion: String?
    /// The result JSON (`dimensions`, `descriptors`, `raw_data`), once complete.
    public var result: Data?
    /// How many times a failure was re-queued.
    public var retryCount: Int
    /// When it was first received.
    public var createdAt: Date
    /// When its status last changed.
    public var updatedAt: Date
    /// When analysis finished.
    public var completedAt: Date?

    /// Creates a new, pending fragment.
    public init(
        id: UUID, ownerID: Int64?, audioPath: String, mimeType: String, durationSeconds: Double?, createdAt: Date
    ) {
        self.init(
            id: id, ownerID: ownerID, audioPath: audioPath, mimeType: mimeType, durationSeconds: durationSeconds,
            status: .pending, error: nil, modelVersion: nil, result: nil, retryCount: 0,
            createdAt: createdAt, updatedAt: createdAt, completedAt: nil)
    }

    /// Creates a fragment record with every field.
    public init(
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
    public init(row: Row) throws {
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
