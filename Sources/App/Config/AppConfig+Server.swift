public import Foundation
import HTTPServer

extension AppConfig {
    /// The HTTP listener and its event loops.
    public struct ServerSettings: Sendable {
        /// HOST (default 0.0.0.0): the address to listen on.
        public var host: String
        /// PORT (default 8000).
        public var port: Int
        /// EVENT_LOOPS (default: cores): threads serving sockets.
        public var eventLoops: Int
        /// BATCH_SCHEDULING: run the process's threads under SCHED_BATCH (see `ThreadScheduling`);
        /// default true for `serve`, false for `worker` (see `AppConfig.forWorkerCommand`).
        public var batchScheduling: Bool
        /// BATCH_SCHEDULING as set, nil when unset.
        public var batchSchedulingSetting: Bool?
        /// HTTP_HEADER_TIMEOUT_SECONDS (default 10): seconds a client has to send a request head.
        public var headerTimeoutSeconds: Double
        /// HTTP_IDLE_TIMEOUT_SECONDS (default 60): seconds a kept-alive connection may idle.
        public var idleTimeoutSeconds: Double
        /// HTTP_BODY_TIMEOUT_SECONDS (default 30): seconds a request body may stall.
        public var bodyTimeoutSeconds: Double
        /// SHUTDOWN_GRACE_SECONDS (default 10): seconds in-flight work gets after SIGTERM.
        public var shutdownGraceSeconds: Double
        /// PUBLIC_DIR (default Public): the web app's files.
        public var publicDir: URL

        init(_ env: Environment) throws {
            host = env.string("HOST", default: "0.0.0.0")
            port = try env.int("PORT", default: 8000, range: 1...65535)
            eventLoops = try env.int("EVENT_LOOPS", default: System.coreCount, range: 1...256)
            batchSchedulingSetting = try env.string("BATCH_SCHEDULING").map { _ in try env.bool("BATCH_SCHEDULING", default: true) }
            batchScheduling = batchSchedulingSetting ?? true
            headerTimeoutSeconds = try env.double("HTTP_HEADER_TIMEOUT_SECONDS", default: 10, range: 0.05...3600)
            idleTimeoutSeconds = try env.double("HTTP_IDLE_TIMEOUT_SECONDS", default: 60, range: 0.05...3600)
            bodyTimeoutSeconds = try env.double("HTTP_BODY_TIMEOUT_SECONDS", default: 30, range: 0.05...3600)
            shutdownGraceSeconds = try env.double("SHUTDOWN_GRACE_SECONDS", default: 10, range: 0...600)
            publicDir = URL(fileURLWithPath: env.string("PUBLIC_DIR", default: "Public"))
        }
    }
}
