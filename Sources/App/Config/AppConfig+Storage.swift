public import Foundation

extension AppConfig {
    /// Where media lives, how much a client may upload, and how long media URLs last.
    public struct StorageSettings: Sendable {
        /// MEDIA_ROOT, else RAILWAY_VOLUME_MOUNT_PATH, else data/uploads: the media folder.
        public var mediaRoot: URL
        /// The bucket media lives in (AWS_STORAGE_BUCKET_NAME and the other AWS_* variables); nil:
        /// media on MEDIA_ROOT.
        var objectStorage: S3Configuration?
        /// MAX_UPLOAD_MB (default 100 MB): the largest upload.
        public var maxUploadMB: Int
        /// MIN_FREE_DISK_MB (default 200 MB): uploads are refused (507) below this much free space.
        public var minFreeDiskMB: Int
        /// MEDIA_URL_TTL (default 3600 s): how long a signed media URL is valid.
        public var mediaURLTTLSeconds: Int

        init(_ env: Environment) throws {
            mediaRoot = URL(fileURLWithPath: env.string("MEDIA_ROOT") ?? env.string("RAILWAY_VOLUME_MOUNT_PATH") ?? "data/uploads")
            objectStorage = try Self.objectStorage(env)
            maxUploadMB = try env.int("MAX_UPLOAD_MB", default: 100, range: 1...10_000)
            minFreeDiskMB = try env.int("MIN_FREE_DISK_MB", default: 200, range: 0...10_000_000)
            mediaURLTTLSeconds = try env.int("MEDIA_URL_TTL", default: 3600, range: 1...31_536_000)
        }
    }
}
