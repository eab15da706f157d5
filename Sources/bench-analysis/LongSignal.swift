import Foundation

/// Writes a long synthetic stereo 16-bit WAV for the peak-RSS check.
enum LongSignal {
    /// `seconds` of two detuned tones with a pulse at 120 BPM, stereo, 44.1 kHz, written in chunks.
    static func write(to url: URL, seconds: Int, sampleRate: Int = 44_100) throws {
        let frames = seconds * sampleRate
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
            let handle = try? FileHandle(forWritingTo: url)
        else { throw BenchError.cannotWrite(url.path) }
        defer { try? handle.close() }
        var header = Data()
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { header.append(contentsOf: $0) } }
        func u16(_ v: Int) { withUnsafeBytes(of: UInt16(v).littleEndian) { header.append(contentsOf: $0) } }
        header.append(contentsOf: Array("RIFF".utf8))
        u32(36 + frames * 4)
        header.append(contentsOf: Array("WAVEfmt ".utf8))
        u32(16)
        u16(1)
        u16(2)
        u32(sampleRate)
        u32(sampleRate * 4)
        u16(4)
        u16(16)
        header.append(contentsOf: Array("data".utf8))
        u32(frames * 4)
        try handle.write(contentsOf: header)
        var chunk = [Int16](repeating: 0, count: 2 * 65_536)
        var frame = 0
        while frame < frames {
            let count = min(65_536, frames - frame)
            for i in 0..<count {
                let t = Double(frame + i) / Double(sampleRate)
                let pulse = exp(-20 * t.truncatingRemainder(dividingBy: 0.5))
                chunk[2 * i] = Int16(8000 * sin(2 * Double.pi * 220 * t) * pulse)
                chunk[2 * i + 1] = Int16(8000 * sin(2 * Double.pi * 331 * t) * pulse)
            }
            try chunk.withUnsafeBytes { try handle.write(contentsOf: Data($0.prefix(count * 4))) }
            frame += count
        }
    }
}
