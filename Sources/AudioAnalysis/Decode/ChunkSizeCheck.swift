import Foundation

/// Detects WAV and AIFF files whose data chunk declares more bytes than the file holds.
///
/// libsndfile opens such files without complaint and decodes what is present,
/// so we read the chunk headers ourselves (RIFF/RIFX `data`, AIFF/AIFC `SSND`).
enum ChunkSizeCheck {
    /// The declared and present data bytes when the data chunk is truncated, else nil.
    /// Unknown sizes (0 or 0xFFFFFFFF, written by streaming encoders) are not truncation.
    static func truncation(url: URL) throws -> (declared: Int, present: Int)? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        let fileSize = Int(try handle.seekToEnd())
        try handle.seek(toOffset: 0)
        guard let header = try handle.read(upToCount: 12), header.count == 12 else { return nil }
        let tag = String(decoding: header.prefix(4), as: UTF8.self)
        let bigEndian: Bool
        let dataTag: String
        switch tag {
        case "RIFF":
            bigEndian = false
            dataTag = "data"
        case "RIFX":
            bigEndian = true
            dataTag = "data"
        case "FORM":
            bigEndian = true
            dataTag = "SSND"
        default: return nil
        }
        var offset = 12
        // A real file has a handful of chunks; the bound stops a crafted chain of tiny ones.
        for _ in 0..<4096 {
            try handle.seek(toOffset: UInt64(offset))
            guard let chunk = try handle.read(upToCount: 8), chunk.count == 8 else { return nil }
            let id = String(decoding: chunk.prefix(4), as: UTF8.self)
            let size = Int(readUInt32(chunk.suffix(4), bigEndian: bigEndian))
            let bodyStart = offset + 8
            if id == dataTag {
                guard size != 0, size != 0xFFFF_FFFF else { return nil }
                let present = max(0, fileSize - bodyStart)
                return size > present ? (size, present) : nil
            }
            offset = bodyStart + size + (size & 1)
            guard offset < fileSize else { return nil }
        }
        return nil
    }

    private static func readUInt32(_ bytes: Data, bigEndian: Bool) -> UInt32 {
        let b = Array(bytes)
        return bigEndian
            ? UInt32(b[0]) << 24 | UInt32(b[1]) << 16 | UInt32(b[2]) << 8 | UInt32(b[3])
            : UInt32(b[3]) << 24 | UInt32(b[2]) << 16 | UInt32(b[1]) << 8 | UInt32(b[0])
    }
}
