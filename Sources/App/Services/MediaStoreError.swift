import Foundation

/// Why a media operation failed; messages carry no paths.
enum MediaStoreError: Error, CustomStringConvertible, Equatable {
    case cannotCreate(errno: Int32)
    case writeFailed(errno: Int32)
    case alreadyFinished
    /// The stored file does not exist (deleted, or never committed).
    case missing

    var description: String {
        switch self {
        case .cannotCreate(let e): "cannot create upload file (errno \(e))"
        case .writeFailed(let e): e == ENOSPC ? "disk full" : "write failed (errno \(e))"
        case .alreadyFinished: "upload already finished"
        case .missing: "stored file is missing"
        }
    }
}
