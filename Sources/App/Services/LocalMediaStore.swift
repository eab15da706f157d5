import Database
import Foundation
import Synchronization

/// Media on a local folder (MEDIA_ROOT). Names are always `<uuid><ext>`, never
/// the client's filename, so no upload can choose its path.
struct LocalMediaStore: MediaStore {
    let root: URL
    let io: BlockingExecutor

    /// A store in `root`, doing its file I/O on `io`.
    init(root: URL, io: BlockingExecutor) {
        self.root = root
        self.io = io
    }

    func beginUpload(fileExtension: String) async throws -> any MediaUpload {
        let name = UUID().lowercasedString + fileExtension.lowercased()
        let (root, partURL) = (root, root.appendingPathComponent(name + ".part"))
        let fd = try await io.run { () throws -> Int32 in
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            let fd = open(partURL.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
            guard fd >= 0 else { throw MediaStoreError.cannotCreate(errno: errno) }
            return fd
        }
        return LocalMediaUpload(fd: fd, partURL: partURL, finalURL: root.appendingPathComponent(name), io: io)
    }

    /// The file for a stored name, when the name is one of ours (it may not exist).
    func fileURL(for filename: String) -> URL? {
        guard StoredName.isValid(filename) else { return nil }
        return root.appendingPathComponent(filename)
    }

    /// The file itself: nothing to copy or clean up.
    func withLocalFile<T: Sendable>(_ filename: String, _ body: (URL) async throws -> T) async throws -> T {
        guard let url = fileURL(for: filename) else { throw MediaStoreError.missing }
        let exists = await io.run { FileManager.default.fileExists(atPath: url.path) }
        guard exists else { throw MediaStoreError.missing }
        return try await body(url)
    }

    /// Served from the volume by this process (Range/206, validators), whatever the deadline.
    func delivery(of filename: String, until expiry: Date) async -> MediaDelivery? {
        fileURL(for: filename).map(MediaDelivery.file)
    }

    func writeDerived(named filename: String, contents: [UInt8]) async throws {
        guard StoredName.isValid(filename) else { throw MediaStoreError.cannotCreate(errno: EINVAL) }
        let (root, target) = (root, root.appendingPathComponent(filename))
        try await io.run {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            // `<name>.part`, fsync, rename — as uploads: readers never see half a file, and a
            // crash leaves only a `.part` that the start-up sweep removes.
            let part = target.path + ".part"
            let fd = open(part, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
            guard fd >= 0 else { throw MediaStoreError.cannotCreate(errno: errno) }
            var failure = contents.withUnsafeBytes { writeFully(fd, $0) }
            if failure == 0, fsync(fd) != 0 { failure = errno }
            close(fd)
            if failure == 0, rename(part, target.path) != 0 { failure = errno }
            if failure != 0 {
                unlink(part)
                throw MediaStoreError.writeFailed(errno: failure)
            }
        }
    }

    func read(_ filename: String) async -> [UInt8]? {
        guard let url = fileURL(for: filename) else { return nil }
        return await io.run { FileManager.default.contents(atPath: url.path).map(Array.init) }
    }

    func delete(_ filename: String) async {
        guard StoredName.isValid(filename) else { return }
        let (root, stem) = (root, String(filename.prefix(36)))
        await io.run {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
            for name in names where name.hasPrefix(stem) {
                try? FileManager.default.removeItem(at: root.appendingPathComponent(name))  // already gone is fine
            }
        }
    }

    func removeOrphans(keeping referenced: Set<String>) async -> Int {
        let root = root
        let stems = Set(referenced.map { String($0.prefix(36)) })
        return await io.run {
            var removed = 0
            for name in (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? [] {
                let orphan = name.hasSuffix(".part") || (StoredName.isValid(name) && !stems.contains(String(name.prefix(36))))
                guard orphan else { continue }
                if (try? FileManager.default.removeItem(at: root.appendingPathComponent(name))) != nil { removed += 1 }
            }
            return removed
        }
    }
}

/// An upload to `<name>.part` with a running SHA-256; committed by fsync + rename.
final class LocalMediaUpload: MediaUpload {
    private struct State: ~Copyable {
        var hasher: SHA256Hasher? = SHA256Hasher()
        var size = 0
        var open = true
    }

    private let fd: Int32
    private let partURL: URL
    private let finalURL: URL
    private let io: BlockingExecutor
    private let state = Mutex(State())

    init(fd: Int32, partURL: URL, finalURL: URL, io: BlockingExecutor) {
        self.fd = fd
        self.partURL = partURL
        self.finalURL = finalURL
        self.io = io
    }

    func write(_ bytes: [UInt8]) async throws {
        let fd = fd
        try await io.run { [self] in
            try state.withLock { s in
                guard s.open else { throw MediaStoreError.alreadyFinished }
                try bytes.withUnsafeBytes { raw in
                    let failure = writeFully(fd, raw)
                    guard failure == 0 else { throw MediaStoreError.writeFailed(errno: failure) }
                    s.hasher?.update(raw)
                }
                s.size += bytes.count
            }
        }
    }

    func commit() async throws -> StoredMedia {
        let (fd, partURL, finalURL) = (fd, partURL, finalURL)
        return try await io.run { [self] in
            try state.withLock { s in
                guard s.open, let hasher = s.hasher.take() else { throw MediaStoreError.alreadyFinished }
                s.open = false
                let sha256 = hasher.finalizeHex()
                // Data reaches the disk before the name appears: a crash never leaves a short file under a final name.
                guard fsync(fd) == 0 else {
                    let error = MediaStoreError.writeFailed(errno: errno)
                    close(fd)
                    unlink(partURL.path)
                    throw error
                }
                close(fd)
                guard rename(partURL.path, finalURL.path) == 0 else {
                    let error = MediaStoreError.writeFailed(errno: errno)
                    unlink(partURL.path)
                    throw error
                }
                return StoredMedia(filename: finalURL.lastPathComponent, size: s.size, sha256: sha256)
            }
        }
    }

    func abort() async {
        let (fd, partURL) = (fd, partURL)
        await io.run { [self] in
            state.withLock { s in
                guard s.open else { return }
                s.open = false
                s.hasher = nil
                close(fd)
                unlink(partURL.path)
            }
        }
    }
}
