import Database
import Foundation

/// The `tracks` table: the only place track SQL lives.
struct TrackStore: Sendable {
    private let database: any QueryExecutor
    private static let columns = """
        track_id, owner_id, original_filename, filename, media_filename, size, sha256, duration, sample_rate, \
        channels, format, status, status_message, analysis, spectrogram_filename, created_at, analyzed_at
        """

    /// Creates the store.
    /// - Parameter database: the database holding `tracks` (migrated), or a transaction
    ///   on it (writes that must commit with others, such as a job's fenced result).
    init(database: any QueryExecutor) {
        self.database = database
    }

    /// Inserts a new track.
    /// - Throws: `DatabaseError` (`isUniqueViolation` for a repeated id or media file name).
    func insert(_ track: Track) async throws {
        try await database.execute(
            """
            INSERT INTO tracks (\(raw: Self.columns))
            VALUES (\(track.id), \(track.ownerID), \(track.originalFilename), \(track.filename), \(track.mediaFilename),
                    \(track.size), \(track.sha256), \(track.duration), \(track.sampleRate), \(track.channels), \(track.format),
                    \(track.status.rawValue), \(track.statusMessage), \(DatabaseJSON(data: track.analysis)),
                    \(track.spectrogramFilename), \(track.createdAt),
                    \(track.analyzedAt))
            """)
    }

    /// One track, if it exists and the scope may see it.
    func get(id: UUID, scope: OwnerScope) async throws -> Track? {
        try await database.queryFirst(Track.self, "SELECT \(raw: Self.columns) FROM tracks WHERE track_id = \(id)\(Self.filter(scope))")
    }

    /// A track's waveform peaks JSON, kept out of `Track`: it is tens of kilobytes
    /// that only the waveform route and analysis reuse read.
    /// - Returns: nil when the scope sees no such track; `.some(nil)` until analysis stored the peaks.
    func waveform(id: UUID, scope: OwnerScope) async throws -> Data?? {
        try await database.queryFirst("SELECT waveform FROM tracks WHERE track_id = \(id)\(Self.filter(scope))")
            .map { try $0.decode(DatabaseJSON?.self, "waveform")?.data }
    }

    /// Tracks newest first.
    /// - Parameters:
    ///   - scope: whose tracks.
    ///   - limit: at most this many, ≥ 0 (the route clamps it to 100).
    ///   - offset: skip this many, ≥ 0.
    func list(scope: OwnerScope, limit: Int, offset: Int) async throws -> [Track] {
        try await database.query(
            Track.self,
            """
            SELECT \(raw: Self.columns) FROM tracks WHERE 1 = 1\(Self.filter(scope))
            ORDER BY created_at DESC, track_id DESC LIMIT \(max(0, limit)) OFFSET \(max(0, offset))
            """)
    }

    /// Track summaries newest first, without reading the analysis JSON (the list endpoint).
    /// - Parameters:
    ///   - scope: whose tracks.
    ///   - limit: at most this many, ≥ 0 (the route clamps it to 100).
    ///   - offset: skip this many, ≥ 0.
    func listSummaries(scope: OwnerScope, limit: Int, offset: Int) async throws -> [TrackSummary] {
        try await database.query(
            TrackSummary.self,
            """
            SELECT track_id, original_filename, status, duration, created_at FROM tracks WHERE 1 = 1\(Self.filter(scope))
            ORDER BY created_at DESC, track_id DESC LIMIT \(max(0, limit)) OFFSET \(max(0, offset))
            """)
    }

    /// Deletes a track the scope may see.
    /// - Returns: the deleted track (so its files can be removed), or nil when there was none.
    func delete(id: UUID, scope: OwnerScope) async throws -> Track? {
        try await database.queryFirst(
            Track.self,
            "DELETE FROM tracks WHERE track_id = \(id)\(Self.filter(scope)) RETURNING \(raw: Self.columns)")
    }

    /// Sets the status and its message.
    /// - Returns: whether the track exists.
    @discardableResult
    func setStatus(id: UUID, status: Track.Status, message: String) async throws -> Bool {
        try await database.execute(
            "UPDATE tracks SET status = \(status.rawValue), status_message = \(message) WHERE track_id = \(id)") > 0
    }

    /// Stores the analysis and what was rendered with it, and marks the track finished.
    /// - Parameters:
    ///   - analysis: each agent's result as a JSON object.
    ///   - waveform: waveform peaks JSON, if computed.
    ///   - spectrogramFilename: the PNG's name under MEDIA_ROOT, if rendered.
    ///   - analyzedAt: completion time.
    ///   - status: `.ready` by default; `.failed` when every agent failed.
    ///   - message: the status message; default "Analysis complete".
    /// - Returns: whether the track exists.
    @discardableResult
    func saveAnalysis(
        id: UUID, analysis: Data, waveform: Data? = nil, spectrogramFilename: String? = nil, analyzedAt: Date,
        status: Track.Status = .ready, message: String = "Analysis complete"
    ) async throws -> Bool {
        try await database.execute(
            """
            UPDATE tracks SET analysis = \(DatabaseJSON(data: analysis)),
                waveform = COALESCE(\(waveform.map(DatabaseJSON.init(data:))), waveform),
                spectrogram_filename = COALESCE(\(spectrogramFilename), spectrogram_filename),
                analyzed_at = \(analyzedAt), status = \(status.rawValue), status_message = \(message)
            WHERE track_id = \(id)
            """) > 0
    }

    /// The newest analysed track with this content, to reuse its analysis.
    func findReady(sha256: String) async throws -> Track? {
        try await database.queryFirst(
            Track.self,
            """
            SELECT \(raw: Self.columns) FROM tracks WHERE sha256 = \(sha256) AND status = \(Track.Status.ready.rawValue)
            ORDER BY analyzed_at DESC LIMIT 1
            """)
    }

    /// Tracks left pending or analysing (by a crash), oldest first, to queue again at start.
    func unfinished() async throws -> [Track] {
        try await database.query(
            Track.self,
            """
            SELECT \(raw: Self.columns) FROM tracks
            WHERE status IN (\(Track.Status.pending.rawValue), \(Track.Status.analyzing.rawValue))
            ORDER BY created_at
            """)
    }

    /// Every file name under MEDIA_ROOT a track refers to (media and spectrograms).
    func mediaFilenames() async throws -> Set<String> {
        let rows = try await database.query("SELECT media_filename, spectrogram_filename FROM tracks")
        var names = Set<String>()
        for row in rows {
            names.insert(try row.decode(String.self, "media_filename"))
            if let spectrogram = try row.decode(String?.self, "spectrogram_filename") { names.insert(spectrogram) }
        }
        return names
    }

    private static func filter(_ scope: OwnerScope) -> SQL {
        switch scope {
        case .all: ""
        case .user(let id): " AND owner_id = \(id)"
        }
    }
}
