import Database
import Foundation
import Logging

/// The shared services route groups work with, built once at start.
struct AppServices: Sendable {
    let config: AppConfig
    let logger: Logger
    let database: any SQLDatabase
    let tracks: TrackStore
    let users: UserStore
    let fragments: FragmentStore
    let media: any MediaStore
    /// The bucket when media lives in one (the health check HEADs it); nil with MEDIA_ROOT.
    let bucket: S3Client?
    /// The file system whose free space matters: MEDIA_ROOT's, or with a bucket the temporary
    /// directory's, where probes and analyses download their copies.
    let scratchRoot: URL
    let events: any EventHub
    /// The process's one LISTEN connection when the database is Postgres; nil with SQLite.
    /// Started at boot and closed at shutdown by `Application`; other consumers ask it for their channel.
    let listener: PostgresListener?
    let authenticator: Authenticator
    let signer: URLSigner
    /// File-system work (uploads, health checks, media).
    let io: BlockingExecutor
    /// Password hashing: deliberately slow, so few at a time.
    let hashing: BlockingExecutor
    /// Upload probes: an ffmpeg probe may run for its whole timeout, so probes get lanes of
    /// their own and never hold up health checks or media streaming on `io`.
    let probes: BlockingExecutor
    let clientAddress: ClientAddress
    /// Counters and histograms the services record into (`GET /metrics`).
    let metrics = ServiceMetrics()
    /// Stored analyses parsed, shared by the chat sockets and the MCP tools.
    let analyses = ParsedAnalyses()

    init(config: AppConfig, database: any SQLDatabase, logger: Logger) {
        self.config = config
        self.logger = logger
        self.database = database
        tracks = TrackStore(database: database)
        users = UserStore(database: database)
        fragments = FragmentStore(database: database)
        io = BlockingExecutor(label: "file-io", width: 4)
        hashing = BlockingExecutor(label: "password-hashing", width: 2)
        probes = BlockingExecutor(label: "upload-probe", width: 2)
        // The URLSession (about 10 MB resident) exists only when a bucket is configured.
        if let storage = config.storage.objectStorage {
            let client = S3Client(configuration: storage, io: io)
            bucket = client
            media = S3MediaStore(client: client, io: io, logger: logger)
            scratchRoot = FileManager.default.temporaryDirectory
        } else {
            bucket = nil
            media = LocalMediaStore(root: config.storage.mediaRoot, io: io)
            scratchRoot = config.storage.mediaRoot
        }
        (events, listener) = Self.eventHub(config: config, database: database, logger: logger)
        authenticator = Authenticator(apiKey: config.security.apiKey, secretKey: config.security.secretKey)
        signer = URLSigner(secret: config.security.secretKey, ttl: config.storage.mediaURLTTLSeconds)
        clientAddress = ClientAddress(trustedProxies: Set(config.security.trustedProxies))
    }
}
