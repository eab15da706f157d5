/// The media bucket answers HeadBucket with these credentials, within a short deadline
/// (the monitor caches the result for about a second, so probes cost one request a second at most).
struct BucketHealthCheck: HealthCheck {
    let client: S3Client
    /// Seconds to wait for the bucket; default 3 (Railway's probe gives up after a few seconds).
    var timeoutSeconds: Double = 3
    var name: String { "bucket" }

    func run() async -> HealthResult {
        do {
            try await client.headBucket(timeout: timeoutSeconds)
            return .ok("reachable")
        } catch let error as S3Error {
            // The code only (AccessDenied, NotFound, Timeout): /health/ is public.
            return .unhealthy(error.status.map { "\(error.code) (HTTP \($0))" } ?? error.code)
        } catch {
            return .unhealthy("unreachable")
        }
    }
}
