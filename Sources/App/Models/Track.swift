public import Database
public import Foundation

/// An uploaded track: its file, its metadata and its analysis (API.md, Tracks).
public struct Track: Sendable, Hashable {
    /// Where analysis stands.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Uploaded, waiting for a worker.
        case pending
        /// A worker is analysing it.
        case analyzing
        /// Analysis finished.
        case ready
        /// Analysis failed; `statusMessage` says why.
        case failed
    }

    /// The track's id, also the stem of its media file name.
    public var id: UUID
    /// The uploader; nil when uploaded with the API key.
    public var ownerID: Int64?
    /// The name the file had on the client.
    public var originalFilename: String
    /// The display name (API.md `filename`).
    public var filename: String
    /// The file's name under MEDIA_ROOT (`<uuid>.wav`).
    public var mediaFilename: String
    /// Bytes.
    public var size: Int64
    /// SHA-256 of the file, lowercase hex.
    public var sha256: String
    /// Seconds, when known.
    public var duration: Double?
    /// Hz, when known.
    public var sampleRate: Int?
    /// Channel count, when known.
    public var channels: Int?
    /// Container format (`wav`, `flac`, …).
    public var format: String
    /// Analysis status.
    public var status: Status
    /// A human-readable note on the status ("" when none).
    public var statusMessage: String
    /// Each agent's result as a JSON object, `{}` until analysis ends.
    public var analysis: Data
    /// The spectrogram PNG's name under MEDIA_ROOT, once rendered.
    public var spectrogramFilename: String?
    /// Upload time.
    public var createdAt: Date
    /// When analysis finished.
    public var analyzedAt: Date?

    /// Creates a track record; analysis fields start empty.
    public init(
        id: UUID, ownerID: Int64?, originalFilename: String, filename: String, mediaFilename: String,
        size: Int64, sha256: String, duration: Double? = nil, sampleRate: Int? = nil, channels: Int? = nil,
        format: String, status: Status = .pending, statusMessage: String = "", analysis: Data = Data("{}".utf8),
        spectrogramFilename: String? = nil, createdAt: Date, analyzedAt: Date? = nil
    ) {
        self.id = id
        self.ownerID = ownerID
        self.originalFilename = originalFilename
        self.filename = filename
        self.mediaFilename = mediaFilename
        self.size = size
        self.sha256 = sha256
        self.duration = duration
        self.sampleRate = sampleRate
        self.channels = channels
        self.format = format
        self.status = status
        self.statusMessage = statusMessage
        self.analysis = analysis
        self.spectrogramFilename = spectrogramFilename
        self.createdAt = createdAt
        self.analyzedAt = analyzedAt
    }
}

extension Track: RowDecodable {
    /// Decodes a `tracks` row.
    public init(row: Row) throws {
        let statusText = try row.decode(String.self, "status")
        guard let status = Status(rawValue: statusText) else {
            throw DatabaseError(kind: .decoding, message: "tracks.status holds an unknown status")
        }
        self.init(
            id: try row.decode(UUID.self, "track_id"),
            ownerID: try row.decode(Int64?.self, "owner_id"),
            originalFilename: try row.decode(String.self, "original_filename"),
            filename: try row.decode(String.self, "filename"),
            mediaFilename: try row.decode(String.self, "media_filename"),
            size: try row.decode(Int64.self, "size"),
            sha256: try row.decode(String.self, "sha256"),
            duration: try row.decode(Double?.self, "duration"),
            sampleRate: try row.decode(Int?.self, "sample_rate"),
            channels: try row.decode(Int?.self, "channels"),
            format: try row.decode(String.self, "format"),
            status: status,
            statusMessage: try row.decode(String.self, "status_message"),
            analysis: try row.decode(DatabaseJSON.self, "analysis").data,
            spectrogramFilename: try row.decode(String?.self, "spectrogram_filename"),
            createdAt: try row.decode(Date.self, "created_at"),
            analyzedAt: try row.decode(Date?.self, "analyzed_at"))
    }
}
