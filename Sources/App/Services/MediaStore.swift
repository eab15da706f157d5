public import Foundation

/// Where uploaded audio lives. A protocol so a later object-storage driver is a
/// new implementation, not a rewrite (DESIGN.md "One replica for now").
public protocol MediaStore: Sendable {
    /// Starts an upload of a file that will be named `<uuid><ext>`.
    func beginUpload(fileExtension: String) async throws -> any MediaUpload
    /// The local file for a stored name, when it exists and the name is one of ours.
    func localURL(for filename: String) -> URL?
    /// Stores a file derived from a track (`<uuid>.spectrogram.png`) whole, atomically.
    func writeDerived(named filename: String, contents: [UInt8]) async throws
    /// The contents of a stored file, nil when missing.
    func read(_ filename: String) async -> [UInt8]?
    /// Removes a stored file (and any derived files beside it); missing files are fine.
    func delete(_ filename: String) async
    /// Removes `.part` leftovers and files no row refers to; returns how many.
    func removeOrphans(keeping referenced: Set<String>) async -> Int
}

/// A file being received: bytes stream in, then it is committed whole or not at all.
public protocol MediaUpload: AnyObject, Sendable {
    /// Appends bytes (written off the event loops and the concurrency pool).
    func write(_ bytes: [UInt8]) async throws
    /// fsyncs and renames into place; returns the final name, size and SHA-256.
    func commit() async throws -> StoredMedia
    /// Deletes the partial file; safe to call more than once or after commit.
    func abort() async
}

/// A committed file.
public struct StoredMedia: Sendable, Equatable {
    public let filename: String
    public let size: Int
    public let sha256: String
}
