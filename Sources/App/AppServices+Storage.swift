import Foundation
import HTTPServer

extension AppServices {
    /// API.md "Disk": below MIN_FREE_DISK_MB on MEDIA_ROOT's file system (with a bucket: the
    /// temporary directory's, where the upload probe downloads its copy), every route that writes
    /// an upload answers `507 {"error":"Insufficient storage"}` before reading the body.
    /// - Returns: the 507 to send, or nil when there is room (or the space cannot be read).
    func refuseWhenDiskIsLow() async -> Response? {
        let (root, minimum) = (scratchRoot, config.minFreeDiskMB)
        guard let free = await io.run({ DiskSpace.freeMegabytes(at: root) }), free < minimum else { return nil }
        return .json(["error": "Insufficient storage"], status: .insufficientStorage)
    }
}
