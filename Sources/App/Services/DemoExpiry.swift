import Foundation
import Logging
import Synchronization

/// Deletes demo users older than DEMO_TTL_HOURS with their tracks, fragments
/// and media files: once at start, then every `interval`.
final class DemoExpiry: Sendable {
    private let users: UserStore
    private let media: any MediaStore
    private let ttl: TimeInterval
    private let interval: Duration
    private let logger: Logger
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// - Parameters:
    ///   - ttlHours: age in hours after which a demo user is deleted, > 0.
    ///   - interval: time between sweeps; default 10 minutes.
    init(users: UserStore, media: any MediaStore, ttlHours: Double, interval: Duration = .seconds(600), logger: Logger) {
        self.users = users
        self.media = media
        ttl = ttlHours * 3600
        self.interval = interval
        self.logger = logger
    }

    /// The expiry wired to the app's services.
    convenience init(services: AppServices) {
        self.init(users: services.users, media: services.media, ttlHours: services.config.security.demoTTLHours, logger: services.logger)
    }

    /// Starts sweeping in the background; a second call does nothing.
    func start() {
        task.withLock { task in
            guard task == nil else { return }
            task = Task { [self] in
                while !Task.isCancelled {
                    await sweepLogged()
                    // Cancellation ends the sleep early; the loop condition then stops.
                    try? await Task.sleep(for: interval)
                }
            }
        }
    }

    /// Stops sweeping and waits for a sweep in progress to finish.
    func stop() async {
        let running = task.withLock { task in
            defer { task = nil }
            return task
        }
        running?.cancel()
        await running?.value
    }

    /// Deletes demo users created more than the TTL before `now`, then their files.
    /// - Returns: how many files were removed.
    /// - Throws: `DatabaseError` when the deletion fails (nothing is deleted then).
    @discardableResult
    func sweep(now: Date = Date()) async throws -> Int {
        let files = try await users.deleteExpiredDemoUsers(createdBefore: now.addingTimeInterval(-ttl))
        // Rows go first: a crash between the two leaves orphan files, which the start-up orphan sweep removes.
        for file in files { await media.delete(file) }
        return files.count
    }

    private func sweepLogged() async {
        do {
            let removed = try await sweep()
            if removed > 0 { logger.info("expired demo data removed", metadata: ["files": "\(removed)"]) }
        } catch {
            logger.error("demo expiry failed", metadata: ["error": "\(error)"])
        }
    }
}
