import Foundation
import Testing
import CZlib
@testable import AudioAnalysis

@Suite struct SpectrogramImageTests {
    /// The PNG's chunks, with CRCs checked.
    static func chunks(_ png: [UInt8]) -> [(type: String, data: [UInt8])] {
        var chunks: [(String, [UInt8])] = []
        var i = 8
        while i + 12 <= png.count {
            let length = png[i..<(i + 4)].reduce(0) { $0 << 8 | Int($1) }
            let type = Array(png[(i + 4)..<(i + 8)])
            let data = Array(png[(i + 8)..<(i + 8 + length)])
            let stored = png[(i + 8 + length)..<(i + 12 + length)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            var crc = crc32(0, nil, 0)
            crc = (type + data).withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
            #expect(UInt32(crc) == stored)
            chunks.append((String(decoding: type, as: UTF8.self), data))
            i += 12 + length
        }
        return chunks
    }

    /// The RGB pixels of a PNG we wrote (Sub-filtered rows).
    static func pixels(_ png: [UInt8], width: Int, height: Int) throws -> [UInt8] {
        let idat = chunks(png).filter { $0.type == "IDAT" }.flatMap(\.data)
        var raw = [UInt8](repeating: 0, count: height * (1 + width * 3))
        var length = uLong(raw.count)
        let status = raw.withUnsafeMutableBufferPointer { out in
            idat.withUnsafeBufferPointer { uncompress(out.baseAddress, &length, $0.baseAddress, uLong($0.count)) }
        }
        #expect(status == Z_OK)
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            let row = y * (1 + width * 3)
            #expect(raw[row] == 1)
            for i in 0..<(width * 3) {
                rgb[y * width * 3 + i] = raw[row + 1 + i] &+ (i >= 3 ? rgb[y * width * 3 + i - 3] : 0)
            }
        }
        return rgb
    }

    @Test func encoderRoundTrip() throws {
        let rgb: [UInt8] = (0..<(5 * 3 * 3)).map { UInt8($0 * 7 % 256) }
        let png = try #require(PNGEncoder.encodeRGB(rgb, width: 5, height: 3))
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let types = Self.chunks(png).map(\.type)
        #expect(types == ["IHDR", "IDAT", "IEND"])
        #expect(Self.chunks(png)[0].data == [0, 0, 0, 5, 0, 0, 0, 3, 8, 2, 0, 0, 0])
        #expect(try Self.pixels(png, width: 5, height: 3) == rgb)
        #expect(PNGEncoder.encodeRGB([1, 2], width: 5, height: 3) == nil)
    }

    @Test func aSineLightsTheRowOfItsFrequency() throws {
        let (width, height) = (64, 128)
        let signal = AudioSignal(samples: Synthetic.sine(hz: 1000, seconds: 2))
        let png = try SpectrogramImage.png(signal, width: width, height: height)
        let rgb = try Self.pixels(png, width: width, height: height)
        // Brightness of each row in the middle column.
        let x = width / 2
        let brightness = (0..<height).map { y in Int(rgb[(y * width + x) * 3]) + Int(rgb[(y * width + x) * 3 + 1]) + Int(rgb[(y * width + x) * 3 + 2]) }
        let brightest = try #require(brightness.indices.max { brightness[$0] < brightness[$1] })
        // Row y shows 30 Hz · (11025 / 30)^(1 − y/(h−1)); 1000 Hz sits at this row.
        let expected = Double(height - 1) * (1 - log(1000 / 30.0) / log(11025 / 30.0))
        #expect(abs(Double(brightest) - expected) <= 2)
    }

    @Test func rejectsBadSizes() {
        let signal = AudioSignal(samples: [Float](repeating: 0, count: 4096))
        #expect(throws: AnalysisError.self) { try SpectrogramImage.png(signal, width: 0) }
        #expect(throws: AnalysisError.self) { try SpectrogramImage.png(signal, height: 1) }
        #expect((try? SpectrogramImage.png(signal, width: 10, height: 10)) != nil)
    }
}
