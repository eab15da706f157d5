import Foundation
import HTTPServer

extension AppServices {
    /// API.md "Disk": below MIN_FREE_DISK_MB on MEDIA_ROOT's file system (with a bucket: the
    /// temporary directory's, where the upload probe downloads its copy), every route that writes
    /// an upload answers `507 {"error":"Insufficient storage"}` before reading the body.
    /// Passes when there is room, or when the space cannot be read.
    /// - Throws: `AppError.insufficientStorage`.
    func requireFreeDisk() async throws(AppError) {
        let (root, minimum) = (scratchRoot, config.storage.minFreeDiskMB)
        guard let free = await io.run({ DiskSpace.freeMegabytes(at: root) }), free < minimum else { return }
        throw .insufficientStorage
    }
}
