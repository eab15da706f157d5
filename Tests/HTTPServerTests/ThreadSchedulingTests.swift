import Foundation
import HTTPServer
import Testing

@Suite struct ThreadSchedulingTests {
    /// Moves this test process to SCHED_BATCH (harmless for the other tests: only
    /// how the kernel orders runnable threads changes, never what they compute).
    @Test func existingAndLaterThreadsRunUnderBatch() async throws {
        // A thread that exists before the switch must be moved too.
        let release = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        Thread {
            started.signal()
            release.wait()
        }.start()
        started.wait()
        let existing = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")
        #expect(ThreadScheduling.useBatchPolicy())
        #expect(ThreadScheduling.currentThreadUsesBatchPolicy)
        let policies = existing.compactMap { task -> Substring? in
            // A thread that ended meanwhile has no file any more.
            guard let text = try? String(contentsOfFile: "/proc/self/task/\(task)/sched", encoding: .utf8) else { return nil }
            return text.split(separator: "\n").first { $0.hasPrefix("policy") }?.split(separator: ":").last?.drop { $0 == " " }
        }
        #expect(policies.count >= 2 && policies.allSatisfy { $0 == "3" })
        let later = await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: ThreadScheduling.currentThreadUsesBatchPolicy) }.start()
        }
        #expect(later)
        release.signal()
    }
}
