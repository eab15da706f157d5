internal import CZlib

/// A minimal PNG writer (ISO/IEC 15948): 8-bit RGB, one IDAT, deflate via zlib.
public enum PNGEncoder {
    /// Encodes `rgb` (`width·height·3` bytes, rows top to bottom) as a PNG file.
    /// - Returns: the file's bytes, or nil when the sizes disagree or zlib fails.
    public static func encodeRGB(_ rgb: [UInt8], width: Int, height: Int) -> [UInt8]? {
        guard width > 0, height > 0, rgb.count == width * height * 3 else { return nil }
        // Each row gets filter type 1 (Sub): neighbouring pixels of a spectrogram are similar, so it deflates well.
        var filtered = [UInt8](repeating: 0, count: height * (1 + width * 3))
        for y in 0..<height {
            let row = y * (1 + width * 3)
            filtered[row] = 1
            for i in 0..<(width * 3) {
                let current = rgb[y * width * 3 + i]
                let left = i >= 3 ? rgb[y * width * 3 + i - 3] : 0
                filtered[row + 1 + i] = current &- left
            }
        }
        guard let compressed = deflate(filtered) else { return nil }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        header += bigEndian(UInt32(width))
        header += bigEndian(UInt32(height))
        header += [8, 2, 0, 0, 0]  // bit depth 8, colour type 2 (RGB), deflate, adaptive filtering, no interlace
        appendChunk("IHDR", header, to: &png)
        appendChunk("IDAT", compressed, to: &png)
        appendChunk("IEND", [], to: &png)
        return png
    }

    private static func deflate(_ bytes: [UInt8]) -> [UInt8]? {
        var length = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(length))
        let status = out.withUnsafeMutableBufferPointer { o in
            bytes.withUnsafeBufferPointer { i in compress2(o.baseAddress, &length, i.baseAddress, uLong(i.count), 6) }
        }
        guard status == Z_OK else { return nil }
        return Array(out[0..<Int(length)])
    }

    private static func appendChunk(_ type: String, _ data: [UInt8], to png: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        png += bigEndian(UInt32(data.count))
        png += typeBytes
        png += data
        var crc = crc32(0, nil, 0)
        crc = typeBytes.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
        crc = data.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
        png += bigEndian(UInt32(crc))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
