import Foundation

/// MEDIA_ROOT exists and is writable: a probe file is created and deleted.
struct MediaWritableCheck: HealthCheck {
    let mediaRoot: URL
    let io: BlockingExecutor
    var name: String { "media" }

    func run() async -> HealthResult {
        let root = mediaRoot
        return await io.run {
            let probe = root.appendingPathComponent(".health-probe-\(getpid())")
            guard FileManager.default.createFile(atPath: probe.path, contents: Data("ok".utf8)) else {
                return .unhealthy("media folder not writable")
            }
            do {
                try FileManager.default.removeItem(at: probe)
            } catch {
                return .unhealthy("media folder probe could not be removed")
            }
            return .ok("writable")
        }
    }
}

/// Free space on MEDIA_ROOT's file system is above MIN_FREE_DISK_MB.
struct DiskSpaceCheck: HealthCheck {
    let mediaRoot: URL
    let minimumFreeMB: Int
    let io: BlockingExecutor
    var name: String { "disk" }

    func run() async -> HealthResult {
        let (root, minimum) = (mediaRoot, minimumFreeMB)
        return await io.run {
            guard let free = DiskSpace.freeMegabytes(at: root) else { return .unhealthy("free space unknown") }
            return free >= minimum ? .ok("ok") : .unhealthy("\(free) MB free")
        }
    }
}

/// Free space of the file system holding a path.
enum DiskSpace {
    /// Megabytes available to unprivileged users, or nil when statvfs fails.
    static func freeMegabytes(at url: URL) -> Int? {
        var info = statvfs()
        guard statvfs(url.path, &info) == 0 else { return nil }
        return Int(UInt64(info.f_bavail) * UInt64(info.f_frsize) / 1_048_576)
    }
}
