import Foundation

/// Writes all of `bytes` to `fd`, retrying short writes and EINTR.
/// - Returns: 0, or the errno of the write that failed.
func writeFully(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
    var offset = 0
    while offset < bytes.count {
        let n = Foundation.write(fd, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
        if n < 0 {
            if errno == EINTR { continue }
            return errno
        }
        offset += n
    }
    return 0
}
