import Foundation

@testable import App

/// Records for store tests, with timestamps at whole microseconds (what both drivers keep).
enum Samples {
    static let base = Date(timeIntervalSince1970: 1_768_651_140)

    static func track(ownerID: Int64? = nil, createdAt: Date = base, sha256: String = String(repeating: "ab", count: 32)) -> Track {
        let id = UUID()
        return Track(
            id: id, ownerID: ownerID, originalFilename: "My Song ✓.wav", filename: "My Song ✓.wav",
            mediaFilename: "\(id.uuidString.lowercased()).wav", size: 123_456, sha256: sha256, duration: 12.5,
            sampleRate: 44_100, channels: 2, format: "wav", createdAt: createdAt)
    }

    static func fragment(ownerID: Int64? = nil) -> Fragment {
        let id = UUID()
        return Fragment(
            id: id, ownerID: ownerID, audioPath: "fragments/\(id.uuidString.lowercased()).wav",
            mimeType: "audio/wav", durationSeconds: 4.2, createdAt: base)
    }
}
