import Foundation

/// Signals built in the test, with known content.
enum Synthetic {
    /// A sine at `hz` with amplitude `amplitude`, `seconds` long at `sr`.
    static func sine(hz: Double, seconds: Double, amplitude: Double = 0.5, sr: Double = 22_050) -> [Float] {
        (0..<Int(seconds * sr)).map { Float(amplitude * sin(2 * Double.pi * hz * Double($0) / sr)) }
    }

    /// Decaying 1 kHz clicks (20 ms, τ 5 ms) every beat at `bpm`, starting at 0.
    static func clicks(bpm: Double, seconds: Double, sr: Double = 22_050) -> [Float] {
        var y = [Float](repeating: 0, count: Int(seconds * sr))
        let period = 60 / bpm
        var t = 0.0
        while t < seconds {
            let start = Int(t * sr)
            for i in 0..<Int(0.02 * sr) where start + i < y.count {
                let s = Double(i) / sr
                y[start + i] += Float(0.9 * sin(2 * Double.pi * 1000 * s) * exp(-s / 0.005))
            }
            t += period
        }
        return y
    }

    /// Writes a 16-bit PCM WAV (RIFF) file; `declaredDataBytes` overrides the data chunk size.
    static func wav(_ samples: [Float], sr: Int = 22_050, channels: Int = 1, declaredDataBytes: UInt32? = nil) -> Data {
        var data = Data()
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        let bytes = UInt32(samples.count * 2)
        data.append(contentsOf: Array("RIFF".utf8))
        u32(36 + bytes)
        data.append(contentsOf: Array("WAVEfmt ".utf8))
        u32(16)
        u16(1)
        u16(UInt16(channels))
        u32(UInt32(sr))
        u32(UInt32(sr * channels * 2))
        u16(UInt16(channels * 2))
        u16(16)
        data.append(contentsOf: Array("data".utf8))
        u32(declaredDataBytes ?? bytes)
        for s in samples { u16(UInt16(bitPattern: Int16(max(-1, min(1, s)) * 32767))) }
        return data
    }

    /// A WAV file of raw sample bytes as written: `format` 1 (integer PCM) or 3 (IEEE float),
    /// the header taking every value as given, however absurd (hostile-header tests).
    static func wav(format: UInt16, sr: UInt32, channels: UInt16 = 1, bitsPerSample: UInt16, payload: [UInt8]) -> Data {
        var data = Data()
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        let blockAlign = channels * bitsPerSample / 8
        data.append(contentsOf: Array("RIFF".utf8))
        u32(36 + UInt32(payload.count))
        data.append(contentsOf: Array("WAVEfmt ".utf8))
        u32(16)
        u16(format)
        u16(channels)
        u32(sr)
        u32(sr &* UInt32(blockAlign))
        u16(blockAlign)
        u16(bitsPerSample)
        data.append(contentsOf: Array("data".utf8))
        u32(UInt32(payload.count))
        data.append(contentsOf: payload)
        return data
    }

    /// A mono 32-bit float WAV of `samples` exactly as given (NaN and infinities included).
    static func floatWAV(_ samples: [Float], sr: UInt32 = 22_050) -> Data {
        var payload: [UInt8] = []
        for s in samples { withUnsafeBytes(of: s.bitPattern.littleEndian) { payload.append(contentsOf: $0) } }
        return wav(format: 3, sr: sr, bitsPerSample: 32, payload: payload)
    }

    /// A temporary file holding `data`, removed by the caller.
    static func temporaryFile(_ data: Data, extension ext: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("synthetic-\(UUID().uuidString).\(ext)")
        try data.write(to: url)
        return url
    }
}
