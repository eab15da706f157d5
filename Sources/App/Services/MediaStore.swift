import Database
import Foundation

/// Where uploaded audio and the files derived from it live: a local folder (`LocalMediaStore`)
/// or an S3-compatible bucket (`S3MediaStore`), chosen by configuration (DESIGN.md "From one
/// box to many"). Names are always `<uuid><ext>` or `<uuid>.<derived>`, never a client's.
protocol MediaStore: Sendable {
    /// Starts an upload of a file that will be named `<uuid><ext>`.
    /// - Throws: `MediaStoreError`, `S3Error`.
    func beginUpload(fileExtension: String) async throws -> any MediaUpload
    /// Runs `body` with a local file holding the stored file's bytes, for decoders that need a
    /// path. The local store passes the file itself; the bucket store downloads to a temporary
    /// file first and removes it afterwards, whether `body` returns or throws.
    /// - Throws: `MediaStoreError.missing` when there is no such file; the download's error; `body`'s.
    func withLocalFile<T: Sendable>(_ filename: String, _ body: (URL) async throws -> T) async throws -> T
    /// How a client gets the bytes of a stored file until `expiry` (a signed URL's deadline):
    /// nil when the name is not one of ours.
    func delivery(of filename: String, until expiry: Date) async -> MediaDelivery?
    /// Stores a file derived from a track (`<uuid>.spectrogram.png`) whole, atomically.
    func writeDerived(named filename: String, contents: [UInt8]) async throws
    /// The contents of a small stored file, nil when missing or unreadable.
    func read(_ filename: String) async -> [UInt8]?
    /// Removes a stored file (and any derived files beside it); missing files are fine.
    func delete(_ filename: String) async
    /// Removes leftovers of interrupted uploads and files no row refers to; returns how many.
    func removeOrphans(keeping referenced: Set<String>) async -> Int
}

/// How `/media/…` and the spectrogram reach the client.
enum MediaDelivery: Sendable, Equatable {
    /// Served by this process from a local file (ranges, validators: `FileResponse`).
    case file(URL)
    /// A 302 to this URL, which serves the bytes itself until the deadline it was made for.
    case redirect(URL)
}

/// A file being received: bytes stream in, then it is committed whole or not at all.
protocol MediaUpload: AnyObject, Sendable {
    /// Appends bytes (written off the event loops and the concurrency pool).
    func write(_ bytes: [UInt8]) async throws
    /// Makes the file appear under its final name; returns the name, size and SHA-256.
    func commit() async throws -> StoredMedia
    /// Discards everything received; safe to call more than once or after commit.
    func abort() async
}

/// A committed file.
struct StoredMedia: Sendable, Equatable {
    let filename: String
    let size: Int
    let sha256: String
}

/// `<uuid>.<ext>` plus derived files such as `<uuid>.spectrogram.png`: nothing else is ever ours.
enum StoredName {
    static func isValid(_ name: String) -> Bool {
        guard name.count >= 37, name.count <= 80, !name.hasSuffix(".part") else { return false }
        guard UUID(text: String(name.prefix(36))) != nil else { return false }
        let rest = name.dropFirst(36)
        return rest.first == "." && rest.dropFirst().allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == ".") }
    }

    /// The `<uuid>` a stored name and its derived files share.
    static func stem(_ name: String) -> String { String(name.prefix(36)) }
}
