import AudioAnalysis
import Database
import Foundation
import Logging
import Synchronization

extension AnalysisQueue {
    /// Starts the workers (none when the pool size is 0).
    func start() {
        var workers = (0..<configuration.workers).map { _ in Task { await self.work() } }
        if configuration.workers > 0 {
            workers.append(Task { await self.expireAbandonedLeases() })
            workers.append(Task { await self.announcePresence() })
        }
        state.withLock { $0.workers = workers }
    }

    /// Keeps this process's row in `analysis_workers` fresh until cancelled (on real
    /// time, not the job clock: presence is for operators, not for leases).
    private func announcePresence() async {
        let owner = configuration.identity.description
        while !Task.isCancelled {
            do {
                try await registry.announce(owner: owner, threads: configuration.workers)
            } catch {
                logger.warning("could not announce this analysis worker", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: WorkerRegistry.period)  // cancelled: the loop ends
        }
    }

    /// Takes back at once the jobs a crashed predecessor on this host held, rather
    /// than after their leases lapse (a restart after a crash or an OOM kill).
    private func expireAbandonedLeases() async {
        let identity = configuration.identity
        guard let prefix = identity.localPrefix else { return }
        do {
            let expired = try await source.expireLeases(ownerPrefix: prefix) { owner in
                WorkerIdentity(parsing: owner).map { identity.hasOutlived($0) } ?? false
            }
            guard expired > 0 else { return }
            logger.info("took back analysis jobs of a stopped process on this host", metadata: ["count": "\(expired)"])
            for _ in 0..<expired { wakeups.signal() }
        } catch {
            logger.warning("could not look for abandoned analysis jobs; their leases will lapse", metadata: ["error": "\(error)"])
        }
    }

    /// Stops claiming; running jobs get SHUTDOWN_GRACE_SECONDS to finish, and
    /// those still running then are released so another worker takes them at
    /// once (their late writes are fenced out).
    func stop() async {
        let workers = state.withLock { s in
            s.stopping = true
            return s.workers
        }
        // Cancelling wakes idle workers; a running job is in a task of its own and carries on.
        for worker in workers { worker.cancel() }
        if configuration.workers > 0 {
            do {
                try await registry.withdraw(owner: configuration.identity.description)
            } catch {
                logger.warning("could not withdraw this analysis worker; its row ages out", metadata: ["error": "\(error)"])
            }
        }
        guard await Self.waitForAll(workers, upTo: configuration.shutdownGrace, clock: clock) == false else { return }
        let unfinished = state.withLock { Array($0.active.values) }
        for context in unfinished {
            context.markLost()
            do {
                try await source.release(context.lease)
                logger.info("analysis job released at shutdown", metadata: metadata(context.lease))
            } catch {
                logger.error("analysis job release failed; its lease will lapse", metadata: metadata(context.lease, error: error))
            }
        }
    }

    /// One worker: claim, run, repeat; wait for a wake-up when nothing is due.
    private func work() async {
        while !Task.isCancelled {
            let lease: JobLease?
            do {
                lease = try await source.claim(owner: configuration.identity.description)
            } catch {
                logger.error("analysis job claim failed", metadata: ["error": "\(error)"])
                try? await clock.sleep(for: configuration.poll)  // cancelled: the loop ends
                continue
            }
            guard let lease else {
                await wakeups.wait(upTo: configuration.poll)
                await pruneIfDue()
                continue
            }
            let context = JobContext(lease: lease, source: source)
            let stopping = state.withLock { s in
                if !s.stopping { s.active[lease.id] = context }
                return s.stopping
            }
            if stopping {
                try? await source.release(lease)  // claimed as stop() began: hand it straight back (the lease lapses otherwise)
                return
            }
            // A task of its own: stop() cancels workers to end their waits, never a running job.
            await Task { await self.run(context) }.value
            state.withLock { _ = $0.active.removeValue(forKey: lease.id) }
        }
    }

    /// Runs one job under a heartbeat and records how it ended.
    private func run(_ context: JobContext) async {
        let lease = context.lease
        let started = ContinuousClock.now
        let heartbeat = Task { await self.heartbeat(context) }
        var outcome: String
        do {
            try await runner.run(context)
            if !context.isFinished { _ = try await context.finish(.done) { _ in } }
            outcome = context.isLost ? "lease_lost" : "finished"
        } catch {
            outcome = await recordFailure(context, error)
        }
        heartbeat.cancel()
        var line = metadata(lease)
        line["outcome"] = "\(outcome)"
        line["duration_ms"] = "\(Int((ContinuousClock.now - started).seconds * 1000))"
        logger.info("analysis job", metadata: line)
    }

    /// A failed attempt: back off and retry, or fail for good.
    /// - Returns: the outcome for the job's log line.
    private func recordFailure(_ context: JobContext, _ error: any Error) async -> String {
        logger.error("analysis job attempt failed", metadata: metadata(context.lease, error: error))
        guard !context.isLost else { return "lease_lost" }
        do {
            switch try await source.fail(context.lease, error: Self.publicReason(error)) {
            case .retrying(let at, _, _)?: return "retry_at_\(Int(at.timeIntervalSince1970))"
            case .exhausted?: return "failed"
            case nil: return "lease_lost"
            }
        } catch {
            // The lease lapses and another claim counts the attempt.
            logger.error("analysis job failure not recorded", metadata: metadata(context.lease, error: error))
            return "unrecorded_failure"
        }
    }

    /// Renews the lease every heartbeat until cancelled or the lease is lost.
    private func heartbeat(_ context: JobContext) async {
        while true {
            do { try await clock.sleep(for: configuration.heartbeat) } catch { return }
            do {
                guard try await source.renew(context.lease) else {
                    context.markLost()
                    logger.warning("analysis job lease lost; its result will not be written", metadata: metadata(context.lease))
                    return
                }
            } catch {
                // The lease may still hold; the next beat tries again.
                logger.warning("analysis job lease renewal failed", metadata: metadata(context.lease, error: error))
            }
        }
    }

    /// Deletes finished jobs past their retention, at most once per hour per process.
    private func pruneIfDue() async {
        let now = clock.now
        let due = state.withLock { s in
            guard s.lastPrune.map({ now.timeIntervalSince($0) >= 3600 }) ?? true else { return false }
            s.lastPrune = now
            return true
        }
        guard due else { return }
        do {
            try await source.prune(finishedBefore: now.adding(.zero - configuration.retention))
        } catch {
            logger.warning("pruning finished analysis jobs failed", metadata: ["error": "\(error)"])
        }
    }

    /// What a failure shows on the track: analysis errors describe the input;
    /// anything else stays in the log (it may name SQL or paths).
    static func publicReason(_ error: any Error) -> String {
        if let analysis = error as? AnalysisError { return analysis.description }
        if error is DatabaseError { return "a database error" }
        return "an internal error"
    }

    private func metadata(_ lease: JobLease, error: (any Error)? = nil) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "job_id": "\(lease.id)", "kind": "\(lease.job.kind)", "subject_id": "\(lease.job.subjectID.lowercasedString)",
            "attempt": "\(lease.attempt)", "max_attempts": "\(lease.maxAttempts)", "worker": "\(configuration.identity.description)",
        ]
        if let error { metadata["error"] = "\(error)" }
        return metadata
    }

    /// Waits for every task, or `limit`, whichever comes first.
    /// - Returns: whether all tasks finished in time.
    private static func waitForAll(_ tasks: [Task<Void, Never>], upTo limit: Duration, clock: any JobClock) async -> Bool {
        let first = FirstOutcome()
        let waiter = Task {
            for task in tasks { await task.value }
            first.resolve(true)
        }
        let timer = Task {
            try? await clock.sleep(for: limit)
            first.resolve(false)
        }
        let finished = await first.value()
        waiter.cancel()
        timer.cancel()
        return finished
    }
}

/// The first of two racing outcomes; the later one is ignored.
private final class FirstOutcome: Sendable {
    private let state = Mutex<(value: Bool?, waiter: CheckedContinuation<Bool, Never>?)>((nil, nil))

    func resolve(_ value: Bool) {
        let waiter = state.withLock { s -> CheckedContinuation<Bool, Never>? in
            guard s.value == nil else { return nil }
            s.value = value
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume(returning: value)
    }

    func value() async -> Bool {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { s -> Bool? in
                if let value = s.value { return value }
                s.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
