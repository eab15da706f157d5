import HTTPServer

extension AppConfig {
    /// Decoding limits and the analysis workers. `audio-server analyze` reads this section alone.
    public struct AnalysisSettings: Sendable {
        /// MAX_AUDIO_SECONDS (default 1800 s): the longest audio decoded.
        public var maxAudioSeconds: Double
        /// FFMPEG_PATH: an ffmpeg for formats libsndfile cannot read (AAC, M4A, WebM); nil: none.
        public var ffmpegPath: String?
        /// ANALYSIS_WORKERS: concurrent analysis jobs in this process; 0 for `serve` on a web-only replica.
        public var workers: Int
        /// ANALYSIS_WORKERS as set, or nil: `worker` defaults to every core, `serve` leaves one to the event loops.
        public var workersSetting: Int?
        /// ANALYSIS_LEASE_SECONDS (default 60 s): how long a claimed job stays with its worker without a heartbeat.
        public var leaseSeconds: Double
        /// ANALYSIS_MAX_ATTEMPTS (default 3): attempts before a job fails for good, a lapsed lease included.
        public var maxAttempts: Int
        /// JOB_POLL_SECONDS (default 5 s): how often idle workers look for due jobs without a wake-up.
        public var jobPollSeconds: Double

        /// Reads the section from `environment` alone.
        /// - Throws: `ConfigError` naming the first invalid variable.
        public init(environment: [String: String]) throws {
            try self.init(Environment(values: environment))
        }

        init(_ env: Environment) throws {
            maxAudioSeconds = try env.double("MAX_AUDIO_SECONDS", default: 1800, range: 1...86_400)
            ffmpegPath = env.string("FFMPEG_PATH")
            workersSetting = try env.string("ANALYSIS_WORKERS").map { _ in try env.int("ANALYSIS_WORKERS", default: 0, range: 0...64) }
            workers = workersSetting ?? max(1, System.coreCount - 1)
            leaseSeconds = try env.double("ANALYSIS_LEASE_SECONDS", default: 60, range: 3...3600)
            maxAttempts = try env.int("ANALYSIS_MAX_ATTEMPTS", default: 3, range: 1...100)
            jobPollSeconds = try env.double("JOB_POLL_SECONDS", default: 5, range: 0.1...3600)
        }
    }
}
