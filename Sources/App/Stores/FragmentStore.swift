import Database
import Foundation

/// The `fragments` table: the only place fragment SQL lives.
struct FragmentStore: Sendable {
    private let database: any QueryExecutor
    private static let columns = """
        fragment_id, owner_id, audio_path, mime_type, duration, status, error, model_version, analysis, \
        retry_count, created_at, updated_at, completed_at
        """

    /// Creates the store.
    /// - Parameter database: the database holding `fragments` (migrated), or a transaction
    ///   on it (writes that must commit with others, such as a job's fenced result).
    init(database: any QueryExecutor) {
        self.database = database
    }

    /// One fragment, if it exists.
    func get(id: UUID) async throws -> Fragment? {
        try await database.queryFirst(Fragment.self, "SELECT \(raw: Self.columns) FROM fragments WHERE fragment_id = \(id)")
    }

    /// Inserts a fragment unless one with its id exists (a repeated POST).
    /// - Returns: the stored fragment, and whether this call inserted it.
    func insertOrGet(_ fragment: Fragment) async throws -> (fragment: Fragment, inserted: Bool) {
        let inserted = try await database.queryFirst(
            Fragment.self,
            """
            INSERT INTO fragments (\(raw: Self.columns))
            VALUES (\(fragment.id), \(fragment.ownerID), \(fragment.audioPath), \(fragment.mimeType), \(fragment.durationSeconds),
                    \(fragment.status.rawValue), \(fragment.error), \(fragment.modelVersion),
                    \(fragment.result.map(DatabaseJSON.init(data:))), \(fragment.retryCount), \(fragment.createdAt),
                    \(fragment.updatedAt), \(fragment.completedAt))
            ON CONFLICT (fragment_id) DO NOTHING
            RETURNING \(raw: Self.columns)
            """)
        if let inserted { return (inserted, true) }
        guard let existing = try await get(id: fragment.id) else {
            throw DatabaseError(kind: .statement, message: "fragment vanished between insert and read")
        }
        return (existing, false)
    }

    /// Marks a fragment as being analysed.
    /// - Returns: whether it exists.
    @discardableResult
    func markProcessing(id: UUID, at time: Date) async throws -> Bool {
        try await database.execute(
            "UPDATE fragments SET status = \(Fragment.Status.processing.rawValue), updated_at = \(time) WHERE fragment_id = \(id)") > 0
    }

    /// Stores a finished analysis.
    /// - Returns: whether the fragment exists.
    @discardableResult
    func complete(id: UUID, modelVersion: String, result: Data, at time: Date) async throws -> Bool {
        try await database.execute(
            """
            UPDATE fragments SET status = \(Fragment.Status.complete.rawValue), error = NULL, model_version = \(modelVersion),
                analysis = \(DatabaseJSON(data: result)), updated_at = \(time), completed_at = \(time)
            WHERE fragment_id = \(id)
            """) > 0
    }

    /// Records a failed analysis.
    /// - Returns: whether the fragment exists.
    @discardableResult
    func fail(id: UUID, error message: String, at time: Date) async throws -> Bool {
        try await database.execute(
            """
            UPDATE fragments SET status = \(Fragment.Status.failed.rawValue), error = \(message),
                updated_at = \(time), completed_at = \(time)
            WHERE fragment_id = \(id)
            """) > 0
    }

    /// Puts a failed fragment back in the queue, counting the retry, unless it has used its retries.
    /// - Parameters:
    ///   - maxRetries: re-queues allowed (API.md: 3).
    /// - Returns: the re-queued fragment, or nil when it is not failed or is out of retries.
    func requeue(id: UUID, maxRetries: Int, at time: Date) async throws -> Fragment? {
        try await database.queryFirst(
            Fragment.self,
            """
            UPDATE fragments SET status = \(Fragment.Status.pending.rawValue), error = NULL, completed_at = NULL,
                retry_count = retry_count + 1, updated_at = \(time)
            WHERE fragment_id = \(id) AND status = \(Fragment.Status.failed.rawValue) AND retry_count < \(maxRetries)
            RETURNING \(raw: Self.columns)
            """)
    }

    /// Fragments left pending or processing (by a crash), oldest first.
    func unfinished() async throws -> [Fragment] {
        try await database.query(
            Fragment.self,
            """
            SELECT \(raw: Self.columns) FROM fragments
            WHERE status IN (\(Fragment.Status.pending.rawValue), \(Fragment.Status.processing.rawValue))
            ORDER BY created_at
            """)
    }

    /// Every audio file a fragment refers to.
    func audioPaths() async throws -> Set<String> {
        Set(try await database.query("SELECT audio_path FROM fragments").map { try $0.decode(String.self, "audio_path") })
    }
}
