import Database

/// The database answers a ping within 2 s. The reason shown is generic: a
/// driver's message can name hosts or socket paths.
struct DatabaseHealthCheck: HealthCheck {
    let database: any SQLDatabase
    var name: String { "database" }

    func run() async -> HealthResult {
        do {
            try await database.ping(timeout: .seconds(2))
            return .ok("healthy")
        } catch let error as DatabaseError where error.kind == .timeout {
            return .unhealthy("database did not answer within 2 s")
        } catch {
            return .unhealthy("database unreachable")
        }
    }
}
