import Database
import Foundation

extension DatabaseJobSource {
    @discardableResult
    func expireLeases(ownerPrefix: String, where isAbandoned: @Sendable (String) -> Bool) async throws -> Int {
        // substr/length rather than LIKE: a host name may hold LIKE's wildcards.
        let rows = try await database.query(
            """
            SELECT id, lease_owner, lease_token FROM analysis_jobs
            WHERE state = 'running' AND substr(lease_owner, 1, length(\(ownerPrefix))) = \(ownerPrefix)
            """)
        let now = clock.now
        var expired = 0
        for row in rows where isAbandoned(try row.decode(String.self, "lease_owner")) {
            // Just past, so the next claim's `lease_expires_at < now` takes it; the token check
            // leaves alone a lease that changed hands since the read.
            expired += try await database.execute(
                """
                UPDATE analysis_jobs SET lease_expires_at = \(now.addingTimeInterval(-1)), updated_at = \(now)
                WHERE id = \(try row.decode(Int64.self, "id")) AND lease_token = \(try row.decode(UUID.self, "lease_token"))
                    AND state = 'running'
                """)
        }
        return expired
    }
}
