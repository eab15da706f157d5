import Database
import Foundation
import Synchronization

/// The part of a bucket upload that is still filling, kept in a temporary file rather than in
/// memory: UploadPart reads it back while sending, so a replica receiving a large upload keeps
/// its resident size (URLSession would copy an in-memory part once more, doubling it).
///
/// The file holds at most one part; it is truncated once the part is in the bucket and removed
/// when the upload commits or aborts. Every method does blocking file I/O: call it on the io executor.
final class PartSpool: Sendable {
    /// A filled part, ready to send.
    struct Part: Sendable {
        let file: URL
        let size: Int
        let sha256: String
    }

    private struct State: ~Copyable {
        var fd: Int32
        /// Bytes in the current part.
        var size = 0
        /// The digest of the current part (S3 signs each part's payload).
        var hasher: SHA256Hasher? = SHA256Hasher()
        /// The digest of every byte of every part: the stored file's SHA-256.
        var fileHasher: SHA256Hasher? = SHA256Hasher()
    }

    let file: URL
    private let state: Mutex<State>

    /// Creates an empty spool file (mode 0600) in `directory`.
    /// - Throws: `MediaStoreError.cannotCreate`.
    init(directory: URL) throws {
        file = directory.appendingPathComponent("s3-part-\(UUID().lowercasedString)")
        let fd = open(file.path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw MediaStoreError.cannotCreate(errno: errno) }
        state = Mutex(State(fd: fd))
    }

    /// Bytes in the current part.
    var size: Int { state.withLock { $0.size } }

    /// Appends `bytes` to the current part.
    /// - Returns: the bytes now in the current part.
    /// - Throws: `MediaStoreError.writeFailed` (the spool is then unusable: abort the upload).
    func append(_ bytes: [UInt8]) throws -> Int {
        try state.withLock { s in
            try bytes.withUnsafeBytes { raw in
                let failure = writeFully(s.fd, raw)
                guard failure == 0 else { throw MediaStoreError.writeFailed(errno: failure) }
                s.hasher?.update(raw)
                s.fileHasher?.update(raw)
            }
            s.size += bytes.count
            return s.size
        }
    }

    /// The SHA-256 of every byte appended, as lower-case hex; call once, after the last part.
    func fileDigest() -> String {
        state.withLock { s in s.fileHasher.take()?.finalizeHex() ?? "" }
    }

    /// The current part, with its digest; the file keeps its bytes until `reset`.
    func part() -> Part {
        state.withLock { s in
            let digest = s.hasher.take()?.finalizeHex() ?? ""
            s.hasher = SHA256Hasher()
            return Part(file: file, size: s.size, sha256: digest)
        }
    }

    /// Empties the file for the next part.
    /// - Throws: `MediaStoreError.writeFailed`.
    func reset() throws {
        try state.withLock { s in
            guard ftruncate(s.fd, 0) == 0, lseek(s.fd, 0, SEEK_SET) == 0 else { throw MediaStoreError.writeFailed(errno: errno) }
            s.size = 0
            s.hasher = SHA256Hasher()
        }
    }

    /// Closes and deletes the file; later calls do nothing.
    func remove() {
        state.withLock { s in
            guard s.fd >= 0 else { return }
            close(s.fd)
            s.fd = -1
            unlink(file.path)
        }
    }

    deinit { remove() }
}
